using System.Runtime.InteropServices;

namespace NetDrop.Interop;

/// <summary>
/// Interface ioctls (SIOCGIFHWADDR): answered by the network namespace the socket was created in, which
/// is the process's own, unlike /sys/class/net, which shows whichever namespace mounted that sysfs.
/// </summary>
internal static unsafe partial class LibC
{
    public const int AF_INET = 2;
    public const int SOCK_DGRAM = 2;

    /// <summary>IFNAMSIZ: an interface name and its NUL.</summary>
    public const int IFNAMSIZ = 16;

    public const uint SIOCGIFHWADDR = 0x8927;

    /// <summary>struct ifreq as SIOCGIFHWADDR fills it: the name, then ifr_hwaddr (sa_family is the ARPHRD type).</summary>
    [StructLayout(LayoutKind.Sequential, Size = 40)]
    public struct ifreq_hwaddr
    {
        public fixed byte ifr_name[IFNAMSIZ];
        public ushort sa_family;
        public fixed byte sa_data[14];
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);
}
