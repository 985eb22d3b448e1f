using System;
using System.Runtime.InteropServices;
using NetDrop.Interop;

namespace NetDrop.Packet;

/// <summary>The mmap of a socket's receive ring, unmapped exactly once.</summary>
internal sealed unsafe class RingMapping : SafeHandle
{
    private RingMapping(byte* address, nuint length)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle((IntPtr)address);
        Length = length;
    }

    public nuint Length { get; }

    public byte* Address => (byte*)handle;

    public override bool IsInvalid => handle == IntPtr.Zero || handle == new IntPtr(-1);

    /// <summary>Maps <paramref name="length"/> bytes of the ring of <paramref name="socket"/> (created with PACKET_RX_RING).</summary>
    public static RingMapping Map(PacketSocket socket, nuint length)
    {
        void* address = LibC.MemoryMap(null, length, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, socket.Descriptor, 0);
        if (address == (void*)-1)
        {
            Errno errno = LibC.LastError;
            throw new PacketSocketException($"mmap of the {length}-byte receive ring", errno,
                errno == Errno.ENOMEM ? "not enough memory for the ring (or RLIMIT_MEMLOCK is too low): ask for fewer or smaller blocks" : null);
        }

        return new RingMapping((byte*)address, length);
    }

    protected override bool ReleaseHandle() => LibC.MemoryUnmap((void*)handle, Length) == 0;
}
