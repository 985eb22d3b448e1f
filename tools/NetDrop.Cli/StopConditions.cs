using System;
using System.CommandLine;
using System.Globalization;

namespace NetDrop.Cli;

/// <summary>--duration and --count, read and checked the same way by every command that runs until stopped.</summary>
internal static class StopConditions
{
    /// <summary>The --duration given (null when absent), or why it cannot be used.</summary>
    public static string? ReadDuration(ParseResult parse, Option<TimeSpan> option, out TimeSpan? duration)
    {
        duration = null;
        if (parse.GetResult(option) is null)
        {
            return null;
        }

        TimeSpan value = parse.GetValue(option);
        if (value <= TimeSpan.Zero)
        {
            return "--duration must be above 0, e.g. 500ms, 10s or 5m";
        }

        duration = value;
        return null;
    }

    /// <summary>The --duration option every command that runs until stopped takes.</summary>
    public static Option<TimeSpan> DurationOption() => Durations.Option("--duration", "Stop after this long.");

    /// <summary>The -c/--count option every command that counts takes.</summary>
    public static Option<long> CountOption(string description) => new("--count", "-c") { Description = description, HelpName = "N" };

    /// <summary>The --count given (null when absent), or why it cannot be used.</summary>
    public static string? ReadCount(ParseResult parse, Option<long> option, out long? count)
    {
        count = parse.GetResult(option) is null ? null : parse.GetValue(option);
        return count is < 1 ? $"--count must be 1 or more, not {count.Value.ToString(CultureInfo.InvariantCulture)}" : null;
    }
}
