using System;
using System.Text;
using NetDrop.CaptureFiles;
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
    private const ushort ArphrdEther = 1;
    private const ushort ArphrdLoopback = 772;
    private const ushort ArphrdNone = 65534;

    /// <summary>
    /// The pcapng link type of the frames a packet socket (SOCK_RAW) hands over for an interface of this
    /// ARPHRD type: Ethernet for Ethernet-like devices and loopback, raw IP for devices without a link-layer
    /// header (tun, WireGuard); null for the types NetDrop does not describe yet.
    /// </summary>
    public static int? LinkType(ushort hardwareType) => hardwareType switch
    {
        ArphrdEther or ArphrdLoopback => LinkTypes.Ethernet,
        ArphrdNone => LinkTypes.Raw,
        _ => null,
    };

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
