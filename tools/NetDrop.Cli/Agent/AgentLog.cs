using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using NetDrop.Cli.Output;

namespace NetDrop.Cli.Agent;

/// <summary>
/// The agent's log on standard error, one line per event: text for a person ("2026-12-07T20:10:00Z info
/// source: ..."), or one JSON object per line for a log pipeline (--log-format json) with the time, level,
/// event, message and the event's own fields. Kernel and file text is escaped either way.
/// </summary>
internal sealed class AgentLog
{
    private readonly Stream _output;
    private readonly Func<DateTimeOffset> _clock;
    private readonly object _lock = new();
    private Utf8JsonWriter? _json;

    public AgentLog(Stream output, bool json, Func<DateTimeOffset>? clock = null)
    {
        _output = output;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
        Json = json;
    }

    /// <summary>One JSON object per line; off, a line of text. A reload may switch it.</summary>
    public bool Json { get; set; }

    public void Info(string @event, string message, params (string Key, object? Value)[] fields) => Write("info", @event, message, fields);

    public void Warn(string @event, string message, params (string Key, object? Value)[] fields) => Write("warn", @event, message, fields);

    public void Error(string @event, string message, params (string Key, object? Value)[] fields) => Write("error", @event, message, fields);

    private void Write(string level, string @event, string message, (string Key, object? Value)[] fields)
    {
        string time = _clock().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        string oneLine = message.ReplaceLineEndings(" ");
        lock (_lock)
        {
            try
            {
                if (Json)
                {
                    WriteJson(time, level, @event, oneLine, fields);
                }
                else
                {
                    WriteText(time, level, @event, oneLine, fields);
                }

                _output.Flush();
            }
            catch (IOException)
            {
                // A log that cannot be written (stderr closed, a full pipe that broke) must not stop the counting.
            }
        }
    }

    private void WriteJson(string time, string level, string @event, string message, (string Key, object? Value)[] fields)
    {
        _json ??= JsonLines.Create(_output);
        Utf8JsonWriter writer = _json;
        writer.WriteStartObject();
        writer.WriteString("time", time);
        writer.WriteString("level", level);
        writer.WriteString("event", @event);
        writer.WriteString("message", message);
        foreach ((string key, object? value) in fields)
        {
            switch (value)
            {
                case null:
                    writer.WriteNull(key);
                    break;
                case long number:
                    writer.WriteNumber(key, number);
                    break;
                case int number:
                    writer.WriteNumber(key, number);
                    break;
                case double number:
                    writer.WriteNumber(key, number);
                    break;
                case bool flag:
                    writer.WriteBoolean(key, flag);
                    break;
                default:
                    writer.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        writer.WriteEndObject();
        JsonLines.EndLine(writer, _output);
    }

    private void WriteText(string time, string level, string @event, string message, (string Key, object? Value)[] fields)
    {
        var line = new System.Text.StringBuilder(128);
        line.Append(time).Append(' ').Append(level).Append(' ').Append(@event).Append(": ");
        TerminalText.Append(line, message);
        foreach ((string key, object? value) in fields)
        {
            line.Append(' ').Append(key).Append('=');
            TerminalText.Append(line, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null");
        }

        line.Append('\n');
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(line.ToString());
        _output.Write(bytes);
    }
}
