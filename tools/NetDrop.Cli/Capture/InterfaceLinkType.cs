using NetDrop.Capture;
using NetDrop.Interop;
using NetDrop.Packet;

namespace NetDrop.Cli.Capture;

/// <summary>
/// The pcapng link type of an interface's frames as a packet socket (SOCK_RAW) hands them over, from its
/// ARPHRD type in this process's network namespace (<see cref="InterfaceHardwareType"/>): Ethernet for
/// Ethernet-like devices and loopback, raw IP for devices without a link-layer header (tun, WireGuard).
/// </summary>
internal static class InterfaceLinkType
{
    private const int ArphrdEther = 1;
    private const int ArphrdLoopback = 772;
    private const int ArphrdNone = 65534;

    /// <summary>The link type, or null with the reason when the interface's frames cannot be described yet.</summary>
    public static (int? LinkType, string? Problem) Of(string interfaceName)
    {
        if (InterfaceHardwareType.Of(interfaceName, out Errno errno) is not { } type)
        {
            return (null, errno == Errno.ENODEV
                ? $"there is no interface '{interfaceName}' in this network namespace; 'ip link' lists them"
                : $"the type of interface '{interfaceName}' cannot be read: {errno.Name()} ({errno.Description()})");
        }

        return type switch
        {
            ArphrdEther or ArphrdLoopback => (LinkTypes.Ethernet, null),
            ArphrdNone => (LinkTypes.Raw, null),
            _ => (null, $"'{interfaceName}' has link type ARPHRD {type}, which netdrop capture does not describe yet; it captures Ethernet-like, loopback and tun/WireGuard interfaces"),
        };
    }
}
