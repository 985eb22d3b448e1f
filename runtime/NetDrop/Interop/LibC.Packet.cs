using System.Runtime.InteropServices;

namespace NetDrop.Interop;

/// <summary>
/// The calls behind <see cref="NetDrop.Packet.PacketSocket"/> and its receive paths: the managed Socket
/// cannot bind an AF_PACKET socket to an interface, map its ring, or hand back control messages.
/// </summary>
internal static unsafe partial class LibC
{
    public const int AF_PACKET = 17;

    /// <summary>ETH_P_ALL (linux/if_ether.h): every protocol, including outgoing frames.</summary>
    public const ushort ETH_P_ALL = 0x0003;

    public const int PROT_READ = 0x1;
    public const int PROT_WRITE = 0x2;
    public const int MAP_SHARED = 0x01;

    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    public const int MSG_CTRUNC = 0x8;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* iov_base;
        public nuint iov_len;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* msg_name;
        public uint msg_namelen;
        public IoVec* msg_iov;
        public nuint msg_iovlen;
        public void* msg_control;
        public nuint msg_controllen;
        public int msg_flags;
    }

    /// <summary>struct cmsghdr on 64-bit Linux: a size_t length, then level and type.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CMsgHdr
    {
        public nuint cmsg_len;
        public int cmsg_level;
        public int cmsg_type;
    }

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, NetDrop.Packet.sockaddr_ll* address, int length);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, byte* buffer, nint length, int flags, NetDrop.Packet.sockaddr_ll* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint ReceiveMessage(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint InterfaceNameToIndex(string name);

    [LibraryImport("libc", EntryPoint = "if_indextoname", SetLastError = true)]
    public static partial byte* InterfaceIndexToName(uint index, byte* name);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial void* MemoryMap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int MemoryUnmap(void* address, nuint length);
}
