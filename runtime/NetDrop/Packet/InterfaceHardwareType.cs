using System;
using System.Text;
using NetDrop.Interop;

namespace NetDrop.Packet;

/// <summary>
/// An interface's hardware type (ARPHRD_ETHER 1, ARPHRD_LOOPBACK 772, ARPHRD_NONE 65534 …) as the
/// network namespace this process is in knows it, by SIOCGIFHWADDR on a socket. Under
/// <c>nsenter --net</c> /sys/class/net still shows the namespace that mounted sysfs, so it would name
/// the wrong interfaces, or miss the right one.
/// </summary>
public static class InterfaceHardwareType
{
    /// <summary>The ARPHRD type of <paramref name="interfaceName"/>, or null with the errno (ENODEV: no such interface here).</summary>
    public static unsafe ushort? Of(string interfaceName, out Errno errno)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        var request = default(LibC.ifreq_hwaddr);

        // Longer names would be cut to fit and could then name another interface.
        int length = Encoding.UTF8.GetByteCount(interfaceName);
        if (length == 0 || length >= LibC.IFNAMSIZ || interfaceName.Contains('\0', StringComparison.Ordinal))
        {
            errno = Errno.ENODEV;
            return null;
        }

        Encoding.UTF8.GetBytes(interfaceName, new Span<byte>(request.ifr_name, LibC.IFNAMSIZ - 1));
        int fd = LibC.Socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            errno = LibC.LastError;
            return null;
        }

        using var socket = new FileDescriptor(fd);
        if (LibC.Ioctl(socket.Value, LibC.SIOCGIFHWADDR, &request) != 0)
        {
            errno = LibC.LastError;
            return null;
        }

        errno = Errno.None;
        return request.sa_family;
    }
}
