using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using NetDrop.Cli.Output;
using NetDrop.Cli.Watch.Filter;
using NetDrop.Frames;

namespace NetDrop.Cli.Watch;

/// <summary>
/// --json: one object per drop (JSON Lines) for jq and log shippers, with the filter's field names,
/// and a loss record wherever the source lost drops (docs/json.md has both shapes). Written with
/// Utf8JsonWriter: no reflection, so it trims and AOT-compiles. Fields a drop does not have are left
/// out rather than written as null.
/// </summary>
internal sealed class JsonDropSink : IDropSink, IDisposable
{
    /// <summary>
    /// Records are gathered here and written at each <see cref="Flush"/> (once per batch the source
    /// delivers): standard output is unbuffered, and two write(2)s per drop, the object and its newline,
    /// cost more than making the record.
    /// </summary>
    private readonly BufferedStream _output;
    private readonly Utf8JsonWriter _writer;
    private readonly bool _kernelAddresses;

    /// <param name="kernelAddresses">Write each drop's raw kernel address as "location"; without it the symbol alone.</param>
    public JsonDropSink(Stream output, bool kernelAddresses = false)
    {
        _output = new BufferedStream(output, 1 << 16);
        _kernelAddresses = kernelAddresses;
        _writer = JsonLines.Create(_output);
    }

    public void Write(in WatchedDrop drop)
    {
        DropEvent e = drop.Event;
        FrameSummary frame = drop.Frame;
        _writer.WriteStartObject();
        JsonRecord.WriteHeader(_writer, "drop", e.UnixNanoseconds);
        _writer.WriteString("source", FieldValues.SourceName(e.Source));
        WriteIfPresent("reason", e.ReasonName);
        _writer.WriteNumber("subsystem", e.Subsystem);
        WriteIfPresent("symbol", e.Symbol);
        if (e.Symbol is not null)
        {
            _writer.WriteString("function", drop.Function);
        }

        if (_kernelAddresses)
        {
            _writer.WriteString("location", "0x" + e.Location.ToString("x16", CultureInfo.InvariantCulture));
        }
        if (e.InterfaceIndex is { } index)
        {
            _writer.WriteNumber("ifindex", index);
        }

        WriteIfPresent("iface", e.InterfaceName);
        WriteContext(e);
        _writer.WriteString("protocol", "0x" + e.Protocol.ToString("x4", CultureInfo.InvariantCulture));
        _writer.WriteString("ethertype", EtherTypes.Name(frame.EtherType) ?? "0x" + frame.EtherType.ToString("x4", CultureInfo.InvariantCulture));
        if (e.IsHardwareDrop)
        {
            _writer.WriteBoolean("hw", true);
            WriteIfPresent("trap", e.HardwareTrap);
        }

        if (e.OriginalLength is { } length)
        {
            _writer.WriteNumber("orig_len", length);
        }

        if (!e.Payload.IsEmpty)
        {
            _writer.WriteNumber("payload_len", e.Payload.Length);
        }

        WriteFrame(frame);
        if (e.KernelStack is { } stack)
        {
            _writer.WriteStartArray("stack");
            foreach (string entry in stack)
            {
                _writer.WriteStringValue(entry);
            }

            _writer.WriteEndArray();
        }

        _writer.WriteEndObject();
        JsonLines.EndLine(_writer, _output);
    }

    /// <summary>
    /// A loss record: <paramref name="lost"/> drops the source lost since the previous record,
    /// <paramref name="lostTotal"/> since the start; <paramref name="final"/> for the one written at the end.
    /// </summary>
    public void WriteLoss(DropSource source, long lost, long lostTotal, string detail, bool final)
    {
        // A drop whose writing failed may have left a half-written object; it never reached the output whole.
        _writer.Reset();
        _writer.WriteStartObject();
        JsonRecord.WriteHeader(_writer, "loss", JsonRecord.Now());
        _writer.WriteString("source", source switch { DropSource.NetDm => "netdm", DropSource.Bpf => "bpf", _ => "tracepoint" });
        _writer.WriteNumber("lost", lost);
        _writer.WriteNumber("lost_total", lostTotal);
        _writer.WriteString("detail", detail);
        _writer.WriteBoolean("final", final);
        _writer.WriteEndObject();
        JsonLines.EndLine(_writer, _output);
        _output.Flush();
    }

    public void Flush() => _output.Flush();

    /// <summary>
    /// Writes what is gathered; the stream given stays open (it is standard output), so the buffer is not
    /// disposed with it. An output that already failed (reported where it did) is not tried again.
    /// </summary>
    public void Dispose()
    {
        try
        {
            // The writer's Dispose flushes the stream under it too, so it is inside the same guard.
            _writer.Dispose();
            _output.Flush();
        }
        catch (Exception e) when (e is IOException or OutputClosedException or NotSupportedException)
        {
        }
    }

    /// <summary>Where and in whose context the packet died: the BPF source gives all of it, the tracepoint the CPU and task.</summary>
    private void WriteContext(DropEvent e)
    {
        WriteIfPresent("netns", e.NetnsInode);
        WriteIfPresent("cpu", e.Cpu);
        WriteIfPresent("pid", e.Pid);
        WriteIfPresent("tid", e.Tid);
        WriteIfPresent("comm", e.Comm);
        WriteIfPresent("mark", e.Mark);
        WriteIfPresent("len", e.Length);
        WriteIfPresent("lport", e.LocalPort);
    }

    private void WriteIfPresent(string name, long? value)
    {
        if (value is { } number)
        {
            _writer.WriteNumber(name, number);
        }
    }

    private void WriteFrame(in FrameSummary frame)
    {
        if (frame.VlanCount > 0)
        {
            _writer.WriteNumber("vlan", frame.Vlan);
        }

        if (frame.VlanCount > 1)
        {
            _writer.WriteNumber("inner_vlan", frame.InnerVlan);
        }

        if (frame.HasAddresses)
        {
            _writer.WriteString("src", frame.SourceAddress!.ToString());
            _writer.WriteString("dst", frame.DestinationAddress!.ToString());
        }

        if (frame.HasIpProtocol)
        {
            _writer.WriteString("proto", IpProtocols.Name(frame.IpProtocol) ?? frame.IpProtocol.ToString(CultureInfo.InvariantCulture));
            _writer.WriteNumber("proto_num", frame.IpProtocol);
        }

        if (frame.HasPorts)
        {
            _writer.WriteNumber("sport", frame.SourcePort);
            _writer.WriteNumber("dport", frame.DestinationPort);
        }

        if (frame.HasIcmp)
        {
            _writer.WriteNumber("icmp_type", frame.IcmpType);
            _writer.WriteNumber("icmp_code", frame.IcmpCode);
        }

        if ((frame.Layers & FrameLayers.Arp) != 0)
        {
            _writer.WriteNumber("arp_op", frame.ArpOperation);
        }

        if ((frame.Layers & FrameLayers.Fragment) != 0)
        {
            _writer.WriteBoolean("fragment", true);
        }

        if (frame.IsTruncated)
        {
            _writer.WriteBoolean("truncated", true);
        }

        if ((frame.Layers & FrameLayers.Malformed) != 0)
        {
            _writer.WriteBoolean("malformed", true);
        }
    }

    private void WriteIfPresent(string name, string? value)
    {
        if (value is not null)
        {
            _writer.WriteString(name, value);
        }
    }
}
