using NetDrop.Interop;
using NetDrop.Packet;

namespace NetDrop.Cli.Capture;

/// <summary>
/// The pcapng link type of an interface's frames (<see cref="InterfaceHardwareType.LinkType"/>), or what
/// `netdrop capture` says when the interface is missing or of a type it does not describe.
/// </summary>
internal static class InterfaceLinkType
{

    /// <summary>The link type, or null with the reason when the interface's frames cannot be described yet.</summary>
    public static (int? LinkType, string? Problem) Of(string interfaceName)
    {
        if (InterfaceHardwareType.Of(interfaceName, out Errno errno) is not { } type)
        {
            return (null, errno == Errno.ENODEV
                ? $"there is no interface '{interfaceName}' in this network namespace; 'ip link' lists them"
                : $"the type of interface '{interfaceName}' cannot be read: {errno.Name()} ({errno.Description()})");
        }

        return InterfaceHardwareType.LinkType(type) is { } linkType
            ? (linkType, null)
            : (null, $"'{interfaceName}' has link type ARPHRD {type}, which netdrop capture does not describe yet; it captures Ethernet-like, loopback and tun/WireGuard interfaces");
    }
}
