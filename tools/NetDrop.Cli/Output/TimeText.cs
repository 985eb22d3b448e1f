using System;
using System.Globalization;

namespace NetDrop.Cli.Output;

/// <summary>How every command prints a time: the drops of watch, the messages and frames of read.</summary>
internal static class TimeText
{
    /// <summary>ISO 8601 UTC with all nine digits: NET_DM timestamps are nanoseconds.</summary>
    public static string Iso(long unixNanoseconds)
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
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + fraction.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }
}
