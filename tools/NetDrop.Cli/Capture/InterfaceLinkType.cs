using System;
using System.Globalization;
using System.IO;
using NetDrop.Capture;

namespace NetDrop.Cli.Capture;

/// <summary>
/// The pcapng link type of an interface's frames as a packet socket (SOCK_RAW) hands them over, from
/// its ARPHRD type in /sys/class/net/IF/type: Ethernet for Ethernet-like devices and loopback, raw IP
/// for devices without a link-layer header (tun, WireGuard).
/// </summary>
internal static class InterfaceLinkType
{
    private const int ArphrdEther = 1;
    private const int ArphrdLoopback = 772;
    private const int ArphrdNone = 65534;

    /// <summary>The link type, or null with the reason when the interface's frames cannot be described yet.</summary>
    public static (int? LinkType, string? Problem) Of(string interfaceName)
    {
        string path = Path.Combine("/sys/class/net", interfaceName, "type");
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"there is no interface '{interfaceName}' here ({path} cannot be read); 'ip link' lists them");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int type))
        {
            return (null, $"{path} holds '{text}', not an interface type");
        }

        return type switch
        {
            ArphrdEther or ArphrdLoopback => (LinkTypes.Ethernet, null),
            ArphrdNone => (LinkTypes.Raw, null),
            _ => (null, $"'{interfaceName}' has link type ARPHRD {type}, which netdrop capture does not describe yet; it captures Ethernet-like, loopback and tun/WireGuard interfaces"),
        };
    }
}
