using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NetDrop.Files;

namespace NetDrop.Cli.Agent;

/// <summary>
/// The agent's --config file: one setting per line, "key = value" or YAML's "key: value", '#' starts a
/// comment line, a value may be quoted ("..." or '...', needed when it holds a '#' or starts with a space).
/// Keys are the agent's option names without "--" (<see cref="AgentSettings.Keys"/>). The file is read with
/// the caller's rights (SafeFile: a regular file only), at most 64 KiB, and every problem names its line.
/// </summary>
internal static class AgentConfigFile
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>The settings in the file, or why it cannot be used (one line, saying what to fix).</summary>
    public static (Dictionary<string, SettingValue>? Settings, string? Error) Read(string path)
    {
        string text;
        try
        {
            using FileStream stream = SafeFile.OpenInput(path);
            if (stream.Length > MaxBytes)
            {
                return (null, $"{Quote(path)} is {stream.Length.ToString(CultureInfo.InvariantCulture)} bytes; a configuration file is at most {MaxBytes / 1024} KiB");
            }

            var buffer = new byte[MaxBytes + 1];
            int total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > MaxBytes)
            {
                return (null, $"{Quote(path)} grew past {MaxBytes / 1024} KiB while it was read");
            }

            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, total);
        }
        catch (UnusableFileException e)
        {
            return (null, e.Message);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // InvalidOperationException: the kernel refused to lower the file capabilities for the open.
            return (null, $"cannot read {Quote(path)}: {e.Message}");
        }
        catch (System.Text.DecoderFallbackException)
        {
            return (null, $"{Quote(path)} is not UTF-8 text");
        }

        return Parse(text, path);
    }

    /// <summary>Parses the file's text; <paramref name="name"/> is how errors name it.</summary>
    public static (Dictionary<string, SettingValue>? Settings, string? Error) Parse(string text, string name)
    {
        var settings = new Dictionary<string, SettingValue>(StringComparer.Ordinal);
        string[] lines = text.TrimStart('\uFEFF').Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string where = $"{Quote(name)} line {(i + 1).ToString(CultureInfo.InvariantCulture)}";
            string line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#' || line == "---")
            {
                continue;
            }

            int separator = line.IndexOfAny(['=', ':']);
            if (separator <= 0)
            {
                return (null, $"{where}: expected 'key = value' or 'key: value', not '{TerminalText.Escape(Shorten(line))}'");
            }

            string key = line[..separator].Trim();
            if (Array.IndexOf(AgentSettings.Keys, key) < 0)
            {
                return (null, $"{where}: unknown key '{TerminalText.Escape(Shorten(key))}'; the keys are {string.Join(", ", AgentSettings.Keys)}");
            }

            if (settings.ContainsKey(key))
            {
                return (null, $"{where}: '{key}' is set twice; keep one");
            }

            (string? value, string? problem) = Value(line[(separator + 1)..].Trim());
            if (value is null)
            {
                return (null, $"{where}: {key}: {problem}");
            }

            settings[key] = new SettingValue(value, where);
        }

        return (settings, null);
    }

    private static (string? Value, string? Problem) Value(string raw)
    {
        if (raw.Length > 0 && raw[0] is '"' or '\'')
        {
            char quote = raw[0];
            int end = raw.IndexOf(quote, 1);
            if (end < 0)
            {
                return (null, $"the value opens with {quote} but does not close it");
            }

            string rest = raw[(end + 1)..].Trim();
            if (rest.Length > 0 && rest[0] != '#')
            {
                return (null, $"text after the closing {quote}: '{TerminalText.Escape(Shorten(rest))}'");
            }

            return (raw[1..end], null);
        }

        // An unquoted value ends at a comment (" #"), as in YAML.
        int comment = raw.IndexOf(" #", StringComparison.Ordinal);
        return ((comment < 0 ? raw : raw[..comment]).Trim(), null);
    }

    private static string Quote(string path) => TerminalText.Escape(path);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
