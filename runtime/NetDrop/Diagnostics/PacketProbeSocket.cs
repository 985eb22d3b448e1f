using System;
using System.Runtime.InteropServices;
using NetDrop.Interop;
using NetDrop.Sockets;

namespace NetDrop.Diagnostics;

/// <summary>
/// An AF_PACKET socket bound to no protocol, so it receives nothing: enough to ask the kernel which
/// socket options it accepts through the accessors generated from af_packet.yaml.
/// </summary>
internal sealed unsafe class PacketProbeSocket : ISocketOptions, IDisposable
{
    private readonly FileDescriptor _fd;

    private PacketProbeSocket(FileDescriptor fd) => _fd = fd;

    /// <exception cref="SocketOptionException">socket(2) failed: EPERM without CAP_NET_RAW, EAFNOSUPPORT without CONFIG_PACKET.</exception>
    public static PacketProbeSocket Open()
    {
        int fd = LibC.Socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        return fd < 0
            ? throw new SocketOptionException("socket(AF_PACKET, SOCK_RAW)", Marshal.GetLastPInvokeError())
            : new PacketProbeSocket(new FileDescriptor(fd));
    }

    public void SetOption<T>(int level, int name, string optionName, in T value)
        where T : unmanaged
    {
        fixed (T* pointer = &value)
        {
            Check(LibC.SetSockOpt(_fd.Value, level, name, pointer, sizeof(T)), "setsockopt(" + optionName + ")");
        }
    }

    public void SetOption(int level, int name, string optionName, ReadOnlySpan<byte> value)
    {
        fixed (byte* pointer = value)
        {
            Check(LibC.SetSockOpt(_fd.Value, level, name, pointer, value.Length), "setsockopt(" + optionName + ")");
        }
    }

    public void GetOption<T>(int level, int name, string optionName, out T value)
        where T : unmanaged
    {
        T result = default;
        int length = sizeof(T);
        Check(LibC.GetSockOpt(_fd.Value, level, name, &result, &length), "getsockopt(" + optionName + ")");
        if (length != sizeof(T))
        {
            throw new InvalidOperationException($"getsockopt({optionName}) returned {length} bytes, not the {sizeof(T)} expected");
        }

        value = result;
    }

    public void Dispose() => _fd.Dispose();

    private static void Check(int result, string operation)
    {
        if (result != 0)
        {
            throw new SocketOptionException(operation, Marshal.GetLastPInvokeError());
        }
    }
}
