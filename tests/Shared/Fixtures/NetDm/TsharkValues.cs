using System;
using System.Globalization;
using System.Text;

namespace NetDrop.Tests.NetDm;

/// <summary>Turns the values tshark prints into numbers and strings, exactly (no floating point).</summary>
internal static class TsharkValues
{
    /// <summary>"0xffffffff890bcae2" or "0x0800".</summary>
    public static ulong Hex(string text)
    {
        if (!text.StartsWith("0x", StringComparison.Ordinal))
        {
            throw new FormatException($"not a 0x number: {text}");
        }

        return ulong.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    /// <summary>"Software (0)" → 0.</summary>
    public static int LastParenthesized(string text)
    {
        int open = text.LastIndexOf('(');
        int close = text.LastIndexOf(')');
        return int.Parse(text[(open + 1)..close], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// "Data: 4e4f5f534f434b455400" of an attribute tshark does not know (REASON): the string's bytes up
    /// to its NUL. tshark ends long data with "…"; a reason must never be that long.
    /// </summary>
    public static string NulTerminatedString(string hex)
    {
        if (hex.Contains('…', StringComparison.Ordinal))
        {
            throw new FormatException($"tshark elided part of the data: {hex}");
        }

        byte[] bytes = Convert.FromHexString(hex);
        if (bytes.Length == 0 || bytes[^1] != 0)
        {
            throw new FormatException($"not NUL-terminated: {hex}");
        }

        return Encoding.UTF8.GetString(bytes, 0, bytes.Length - 1);
    }

    /// <summary>
    /// "Nov 22, 2026 01:51:21.656854200 UTC" → nanoseconds since the Unix epoch. The whole seconds go
    /// through DateTime; the nine fraction digits are added as an integer so nothing is rounded.
    /// </summary>
    public static ulong UtcNanoseconds(string text)
    {
        if (!text.EndsWith(" UTC", StringComparison.Ordinal))
        {
            throw new FormatException($"not a UTC time: {text}");
        }

        string time = text[..^" UTC".Length];
        int dot = time.LastIndexOf('.');
        DateTime seconds = DateTime.ParseExact(time[..dot], "MMM d, yyyy HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        string fraction = time[(dot + 1)..];
        if (fraction.Length != 9)
        {
            throw new FormatException($"expected nine fraction digits: {text}");
        }

        return UnixSeconds(seconds) * 1_000_000_000UL + ulong.Parse(fraction, CultureInfo.InvariantCulture);
    }

    public static ulong UnixSeconds(DateTime utc) => checked((ulong)((utc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond));
}
