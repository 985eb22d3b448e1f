using System;
using System.Globalization;

namespace NetDrop.Cli.Output;

/// <summary>How every command prints a time: the drops of watch, the messages and frames of read.</summary>
internal static class TimeText
{
    /// <summary>The length of <see cref="Iso"/>'s text for years 0001-9999: "2026-12-08T00:30:05.123456789Z".</summary>
    public const int IsoLength = 30;

    /// <summary>ISO 8601 UTC with all nine digits: NET_DM timestamps are nanoseconds.</summary>
    public static string Iso(long unixNanoseconds)
    {
        Span<char> text = stackalloc char[IsoLength];
        TryFormatIso(unixNanoseconds, text, out int written);
        return new string(text[..written]);
    }

    /// <summary>As <see cref="Iso"/>, into <paramref name="destination"/> (at least <see cref="IsoLength"/> long): a record per drop makes no string.</summary>
    public static bool TryFormatIso(long unixNanoseconds, Span<char> destination, out int written)
    {
        // Floored, so a time before 1970 (a kernel timestamp past long.MaxValue wraps negative) still
        // prints a valid fraction rather than ".-000000001".
        long seconds = Math.DivRem(unixNanoseconds, 1_000_000_000, out long fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += 1_000_000_000;
        }

        DateTime time = DateTime.UnixEpoch.AddTicks(seconds * TimeSpan.TicksPerSecond);
        written = 0;
        if (!time.TryFormat(destination, out int date, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            || destination.Length < date + 11
            || !fraction.TryFormat(destination[(date + 1)..], out int digits, "D9", CultureInfo.InvariantCulture))
        {
            return false;
        }

        destination[date] = '.';
        destination[date + 1 + digits] = 'Z';
        written = date + digits + 2;
        return true;
    }
}
