// Shared declarations of the corpus: what a project that talks to packet sockets and NET_DM declares for
// itself. No cases here.
using System;
using System.Runtime.InteropServices;

namespace Corpus;

[StructLayout(LayoutKind.Sequential)]
public struct cmsghdr
{
    public nuint cmsg_len;
    public int cmsg_level;
    public int cmsg_type;
}

public static unsafe class Libc
{
    public const int SOL_SOCKET = 1;
    public const int SOL_PACKET = 263;
    public const int SO_TIMESTAMP = 29;
    public const int SO_TIMESTAMPNS = 35;
    public const int SO_TIMESTAMPING = 37;
    public const int SCM_TIMESTAMPING = SO_TIMESTAMPING;
    public const int SO_RXQ_OVFL = 40;
    public const int SO_WIFI_STATUS = 41;
    public const int PACKET_AUXDATA = 8;
    public const int PACKET_VERSION = 10;
    public const int PACKET_RESERVE = 12;
    public const int PACKET_RX_RING = 5;
    public const int PACKET_TX_RING = 13;
    public const int PACKET_STATISTICS = 6;

    [DllImport("libc", SetLastError = true)]
    public static extern int setsockopt(int fd, int level, int optname, void* optval, uint optlen);

    [DllImport("libc", SetLastError = true)]
    public static extern int getsockopt(int fd, int level, int optname, void* optval, uint* optlen);

    public static int CMSG_ALIGN(int length) => (length + 7) & ~7;
    public static int CMSG_LEN(int length) => 16 + length;
    public static int CMSG_SPACE(int length) => 16 + CMSG_ALIGN(length);
    public static byte* CMSG_DATA(cmsghdr* header) => (byte*)header + 16;
}

public sealed class DropEntry
{
    public uint KernelReason { get; init; }
    public string Name { get; init; } = "";
}

public readonly struct Frame80211
{
    public ushort ReasonCode { get; init; }
    public ushort StatusCode { get; init; }
}
