using System;
using System.CommandLine;
using System.Globalization;

namespace NetDrop.Cli;

/// <summary>--duration and --count, read and checked the same way by every command that runs until stopped.</summary>
internal static class StopConditions
{
    /// <summary>The --duration given (null when absent), or why it cannot be used.</summary>
    public static string? ReadDuration(ParseResult parse, Option<double> option, out TimeSpan? duration)
    {
        duration = null;
        if (parse.GetResult(option) is null)
        {
            return null;
        }

        double seconds = parse.GetValue(option);
        if (!(seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2))
        {
            return $"--duration must be a number of seconds above 0, not {seconds.ToString(CultureInfo.InvariantCulture)}";
        }

        duration = TimeSpan.FromSeconds(seconds);
        return null;
    }

    /// <summary>The --count given (null when absent), or why it cannot be used.</summary>
    public static string? ReadCount(ParseResult parse, Option<long> option, out long? count)
    {
        count = parse.GetResult(option) is null ? null : parse.GetValue(option);
        return count is < 1 ? $"--count must be 1 or more, not {count.Value.ToString(CultureInfo.InvariantCulture)}" : null;
    }
}
