using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NetDrop.Cli;

/// <summary>
/// Every option that takes a duration reads it here: a number with a unit (500ms, 5s, 2m, 1h, 1.5s), or a
/// bare number of seconds as before. A bad value is a parse error, which the command reports as one line, exit 2.
/// </summary>
internal static class Durations
{
    /// <summary>What --help shows for a duration's value.</summary>
    public const string HelpName = "DURATION";

    /// <summary>Appended to each duration option's description.</summary>
    public const string Units = "A number with ms, s, m or h (500ms, 5s, 2m, 1h); a bare number is seconds.";

    /// <summary>A duration option named <paramref name="name"/> (and <paramref name="aliases"/>).</summary>
    public static Option<TimeSpan> Option(string name, string description, params string[] aliases)
    {
        var option = new Option<TimeSpan>(name, aliases)
        {
            Description = description + " " + Units,
            HelpName = HelpName,
        };
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (TryParse(text, out TimeSpan value))
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a duration; write a number with ms, s, m or h (500ms, 5s, 2m, 1h), or a bare number of seconds");
            return default;
        };
        return option;
    }

    /// <summary>"500ms", "5s", "2m", "1h", "1.5s", "10": false for anything else, negative, or too long for TimeSpan.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        string trimmed = text.Trim();
        (string suffix, double seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        double scale = 1;
        foreach ((string suffix, double seconds) in units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                scale = seconds;
                trimmed = trimmed[..^suffix.Length];
                break;
            }
        }

        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
        {
            return false;
        }

        double total = number * scale;
        if (!(total >= 0 && total <= TimeSpan.MaxValue.TotalSeconds / 2))
        {
            return false;
        }

        value = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>A duration as the user would write it: "500ms", "5s", "2m", "1.5s".</summary>
    public static string Text(TimeSpan duration) =>
        duration.TotalSeconds < 1 ? duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
        : duration.TotalSeconds % 3600 == 0 ? (duration.TotalSeconds / 3600).ToString(CultureInfo.InvariantCulture) + "h"
        : duration.TotalSeconds % 60 == 0 ? (duration.TotalSeconds / 60).ToString(CultureInfo.InvariantCulture) + "m"
        : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
