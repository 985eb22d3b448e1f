using System;
using System.Net;

namespace NetDrop.Netlink;

/// <summary>
/// Formats attribute payloads as a YNL spec's <c>display-hint</c> asks (mac, ipv4, ipv6, ipv4-or-v6,
/// hex, uuid), the way iproute2 prints them. For display: each call makes a string. A payload whose
/// length does not fit the hint (a 5-byte "ipv4") is shown in hex rather than guessed at.
/// </summary>
public static class NetlinkDisplayHints
{
    /// <summary>Colon-separated hex bytes: 02:00:00:00:00:01.</summary>
    public static string Mac(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return string.Empty;
        }

        return string.Create(payload.Length * 3 - 1, payload.ToArray(), static (chars, bytes) =>
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (i > 0)
                {
                    chars[i * 3 - 1] = ':';
                }

                chars[i * 3] = HexDigit(bytes[i] >> 4);
                chars[i * 3 + 1] = HexDigit(bytes[i] & 0xf);
            }
        });
    }

    /// <summary>Lower-case hex, no separators.</summary>
    public static string Hex(ReadOnlySpan<byte> payload) => Convert.ToHexStringLower(payload);

    /// <summary>Dotted quad of 4 bytes in network order.</summary>
    public static string IPv4(ReadOnlySpan<byte> payload) =>
        payload.Length == 4 ? new IPAddress(payload).ToString() : Hex(payload);

    /// <summary>RFC 5952 text of 16 bytes.</summary>
    public static string IPv6(ReadOnlySpan<byte> payload) =>
        payload.Length == 16 ? new IPAddress(payload).ToString() : Hex(payload);

    /// <summary>IPv4 for 4 bytes, IPv6 for 16 (rt-addr's addresses are either).</summary>
    public static string IPv4OrIPv6(ReadOnlySpan<byte> payload) =>
        payload.Length is 4 or 16 ? new IPAddress(payload).ToString() : Hex(payload);

    /// <summary>A UUID of 16 bytes in the kernel's (big-endian) order.</summary>
    public static string Uuid(ReadOnlySpan<byte> payload) =>
        payload.Length == 16 ? new Guid(payload, bigEndian: true).ToString("D") : Hex(payload);

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
