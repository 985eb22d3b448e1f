using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using NetDrop.Cli.Output;

namespace NetDrop.Cli.Read;

/// <summary>One JSON object per line (JSON Lines), for jq and log shippers. Written with Utf8JsonWriter: no reflection, trims and AOT-compiles.</summary>
internal sealed class JsonMessageSink : IMessageSink, IDisposable
{
    private readonly Stream _output;
    private readonly Utf8JsonWriter _writer;

    // A message can have several problems (an unknown attribute and a bad length); written as one
    // "problem" at the end, because a repeated name would leave readers like jq only the last.
    private readonly List<string> _problems = new();
    private bool _inPoints;

    public JsonMessageSink(Stream output)
    {
        _output = output;
        _writer = JsonLines.Create(output);
    }

    public void BeginMessage(int frame, long timeNanoseconds, bool fromKernel, string family, string command)
    {
        _inPoints = false;
        _problems.Clear();
        _writer.WriteStartObject();
        JsonRecord.WriteHeader(_writer, "message", timeNanoseconds);
        _writer.WriteNumber("frame", frame);
        _writer.WriteString("direction", fromKernel ? "kernel-to-user" : "user-to-kernel");
        _writer.WriteString("family", family);
        _writer.WriteString("command", command);
    }

    public void Text(string name, string value) => Property(name).WriteStringValue(value);

    public void Text(string name, ReadOnlySpan<byte> utf8) => Property(name).WriteStringValue(utf8);

    public void Number(string name, ulong value) => Property(name).WriteNumberValue(value);

    public void Hex(string name, ulong value, int digits) =>
        Property(name).WriteStringValue("0x" + value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    public void Flag(string name) => Property(name).WriteBooleanValue(true);

    public void Time(string name, long unixNanoseconds)
    {
        Property(name).WriteStringValue(TimeText.Iso(unixNanoseconds));
        _writer.WriteString(name + "_ns", unixNanoseconds.ToString(CultureInfo.InvariantCulture));
    }

    public void Bytes(string name, ReadOnlySpan<byte> data)
    {
        Property(name).WriteStringValue(Convert.ToHexStringLower(data));
        _writer.WriteNumber(name + "_len", data.Length);
    }

    public void DropPoint(ulong? programCounter, uint count, string? symbol)
    {
        if (!_inPoints)
        {
            _writer.WriteStartArray("points");
            _inPoints = true;
        }

        _writer.WriteStartObject();
        if (programCounter is { } pc)
        {
            _writer.WriteString("pc", "0x" + pc.ToString("x16", CultureInfo.InvariantCulture));
        }

        _writer.WriteNumber("count", count);
        if (symbol is not null)
        {
            _writer.WriteString("symbol", symbol);
        }

        _writer.WriteEndObject();
    }

    public void Problem(string problem) => _problems.Add(problem);

    public void EndMessage()
    {
        EndPoints();
        if (_problems.Count > 0)
        {
            _writer.WriteString("problem", string.Join("; ", _problems));
        }

        _writer.WriteEndObject();
        JsonLines.EndLine(_writer, _output);
    }

    public void Dispose() => _writer.Dispose();

    private Utf8JsonWriter Property(string name)
    {
        EndPoints();
        _writer.WritePropertyName(name);
        return _writer;
    }

    private void EndPoints()
    {
        if (_inPoints)
        {
            _writer.WriteEndArray();
            _inPoints = false;
        }
    }
}
