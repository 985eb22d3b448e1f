using System;
using System.Buffers;
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
    /// <summary>Gathered records are written out at this size even within a batch, so a large batch does not grow the buffer.</summary>
    private const int WriteAt = 1 << 16;

    /// <summary>Standard output, unbuffered: each write here is a write(2).</summary>
    private readonly Stream _output;

    /// <summary>
    /// Records are gathered here and written at each <see cref="Flush"/> (once per batch the source
    /// delivers). Not a BufferedStream under the JSON writer: the writer's Flush, needed to end each
    /// line, flushes the stream under it too, which made every record a write(2) of its own.
    /// </summary>
    private readonly ArrayBufferWriter<byte> _pending = new(WriteAt + 4096);
    private readonly Utf8JsonWriter _writer;
    private readonly bool _kernelAddresses;

    /// <param name="kernelAddresses">Write each drop's raw kernel address as "location"; without it the symbol alone.</param>
    public JsonDropSink(Stream output, bool kernelAddresses = false)
    {
        _output = output;
        _kernelAddresses = kernelAddresses;
        _writer = JsonLines.Create(_pending);
    }

    public void Write(in WatchedDrop drop)
    {
        DropEvent e = drop.Event;
        FrameSummary frame = drop.Frame;
        Span<char> hex = stackalloc char[18];
        _writer.WriteStartObject();
        JsonRecord.WriteHeader(_writer, Names.Drop, e.UnixNanoseconds);
        _writer.WriteString(Names.Source, SourceValue(e.Source));
        WriteIfPresent(Names.Reason, e.ReasonName);
        _writer.WriteNumber(Names.Subsystem, e.Subsystem);
        WriteIfPresent(Names.Symbol, e.Symbol);
        if (e.Symbol is not null)
        {
            _writer.WriteString(Names.Function, drop.Function);
        }

        if (_kernelAddresses)
        {
            _writer.WriteString(Names.Location, Hex(e.Location, 16, hex));
        }
        if (e.InterfaceIndex is { } index)
        {
            _writer.WriteNumber(Names.Ifindex, index);
        }

        WriteIfPresent(Names.Iface, e.InterfaceName);
        WriteContext(e);
        _writer.WriteString(Names.Protocol, Hex(e.Protocol, 4, hex));
        if (EtherTypes.Name(frame.EtherType) is { } etherType)
        {
            _writer.WriteString(Names.Ethertype, etherType);
        }
        else
        {
            _writer.WriteString(Names.Ethertype, Hex(frame.EtherType, 4, hex));
        }

        if (e.IsHardwareDrop)
        {
            _writer.WriteBoolean(Names.Hw, true);
            WriteIfPresent(Names.Trap, e.HardwareTrap);
        }

        if (e.OriginalLength is { } length)
        {
            _writer.WriteNumber(Names.OrigLen, length);
        }

        if (!e.Payload.IsEmpty)
        {
            _writer.WriteNumber(Names.PayloadLen, e.Payload.Length);
        }

        WriteFrame(frame);
        if (e.KernelStack is { } stack)
        {
            _writer.WriteStartArray(Names.Stack);
            foreach (string entry in stack)
            {
                _writer.WriteStringValue(entry);
            }

            _writer.WriteEndArray();
        }

        _writer.WriteEndObject();
        JsonLines.EndLine(_writer, _pending);
        if (_pending.WrittenCount >= WriteAt)
        {
            WritePending();
        }
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
        JsonLines.EndLine(_writer, _pending);
        Flush();
    }

    public void Flush()
    {
        WritePending();
        _output.Flush();
    }

    /// <summary>
    /// Writes what is gathered; the stream given stays open (it is standard output). Records an output
    /// failed on (reported where it did) are not tried again.
    /// </summary>
    public void Dispose()
    {
        try
        {
            _writer.Dispose();
            Flush();
        }
        catch (Exception e) when (e is IOException or OutputClosedException or NotSupportedException)
        {
        }
    }

    /// <summary>Writes the gathered records; they are gone from the buffer even when the output fails (it is reported where it did).</summary>
    private void WritePending()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        try
        {
            _output.Write(_pending.WrittenSpan);
        }
        finally
        {
            _pending.ResetWrittenCount();
        }
    }

    /// <summary>Where and in whose context the packet died: the BPF source gives all of it, the tracepoint the CPU and task.</summary>
    private void WriteContext(DropEvent e)
    {
        WriteIfPresent(Names.Netns, e.NetnsInode);
        WriteIfPresent(Names.Cpu, e.Cpu);
        WriteIfPresent(Names.Pid, e.Pid);
        WriteIfPresent(Names.Tid, e.Tid);
        WriteIfPresent(Names.Comm, e.Comm);
        WriteIfPresent(Names.Mark, e.Mark);
        WriteIfPresent(Names.Len, e.Length);
        WriteIfPresent(Names.Lport, e.LocalPort);
    }

    private void WriteIfPresent(JsonEncodedText name, long? value)
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
            _writer.WriteNumber(Names.Vlan, frame.Vlan);
        }

        if (frame.VlanCount > 1)
        {
            _writer.WriteNumber(Names.InnerVlan, frame.InnerVlan);
        }

        if (frame.HasAddresses)
        {
            Span<char> address = stackalloc char[FrameSummary.MaxAddressChars];
            frame.TryFormatSourceAddress(address, out int written);
            _writer.WriteString(Names.Src, address[..written]);
            frame.TryFormatDestinationAddress(address, out written);
            _writer.WriteString(Names.Dst, address[..written]);
        }

        if (frame.HasIpProtocol)
        {
            if (IpProtocols.Name(frame.IpProtocol) is { } protocol)
            {
                _writer.WriteString(Names.Proto, protocol);
            }
            else
            {
                Span<char> number = stackalloc char[3];
                frame.IpProtocol.TryFormat(number, out int digits, default, CultureInfo.InvariantCulture);
                _writer.WriteString(Names.Proto, number[..digits]);
            }

            _writer.WriteNumber(Names.ProtoNum, frame.IpProtocol);
        }

        if (frame.HasPorts)
        {
            _writer.WriteNumber(Names.Sport, frame.SourcePort);
            _writer.WriteNumber(Names.Dport, frame.DestinationPort);
        }

        if (frame.HasIcmp)
        {
            _writer.WriteNumber(Names.IcmpType, frame.IcmpType);
            _writer.WriteNumber(Names.IcmpCode, frame.IcmpCode);
        }

        if ((frame.Layers & FrameLayers.Arp) != 0)
        {
            _writer.WriteNumber(Names.ArpOp, frame.ArpOperation);
        }

        if ((frame.Layers & FrameLayers.Fragment) != 0)
        {
            _writer.WriteBoolean(Names.Fragment, true);
        }

        if (frame.IsTruncated)
        {
            _writer.WriteBoolean(Names.Truncated, true);
        }

        if ((frame.Layers & FrameLayers.Malformed) != 0)
        {
            _writer.WriteBoolean(Names.Malformed, true);
        }
    }

    private void WriteIfPresent(JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            _writer.WriteString(name, value);
        }
    }

    /// <summary>"0x" and <paramref name="digits"/> lowercase hex digits, in <paramref name="scratch"/>.</summary>
    private static ReadOnlySpan<char> Hex(ulong value, int digits, Span<char> scratch)
    {
        "0x".CopyTo(scratch);
        value.TryFormat(scratch[2..], out int written, digits == 16 ? "x16" : "x4", CultureInfo.InvariantCulture);
        return scratch[..(2 + written)];
    }

    private static JsonEncodedText SourceValue(DropSource source) => source switch
    {
        DropSource.NetDm => Names.NetDm,
        DropSource.Bpf => Names.Bpf,
        _ => Names.Tracepoint,
    };

    /// <summary>The record's names and fixed values, encoded once rather than on every record.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Drop = JsonEncodedText.Encode("drop");
        public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
        public static readonly JsonEncodedText NetDm = JsonEncodedText.Encode("netdm");
        public static readonly JsonEncodedText Bpf = JsonEncodedText.Encode("bpf");
        public static readonly JsonEncodedText Tracepoint = JsonEncodedText.Encode("tracepoint");
        public static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
        public static readonly JsonEncodedText Subsystem = JsonEncodedText.Encode("subsystem");
        public static readonly JsonEncodedText Symbol = JsonEncodedText.Encode("symbol");
        public static readonly JsonEncodedText Function = JsonEncodedText.Encode("function");
        public static readonly JsonEncodedText Location = JsonEncodedText.Encode("location");
        public static readonly JsonEncodedText Ifindex = JsonEncodedText.Encode("ifindex");
        public static readonly JsonEncodedText Iface = JsonEncodedText.Encode("iface");
        public static readonly JsonEncodedText Netns = JsonEncodedText.Encode("netns");
        public static readonly JsonEncodedText Cpu = JsonEncodedText.Encode("cpu");
        public static readonly JsonEncodedText Pid = JsonEncodedText.Encode("pid");
        public static readonly JsonEncodedText Tid = JsonEncodedText.Encode("tid");
        public static readonly JsonEncodedText Comm = JsonEncodedText.Encode("comm");
        public static readonly JsonEncodedText Mark = JsonEncodedText.Encode("mark");
        public static readonly JsonEncodedText Len = JsonEncodedText.Encode("len");
        public static readonly JsonEncodedText Lport = JsonEncodedText.Encode("lport");
        public static readonly JsonEncodedText Protocol = JsonEncodedText.Encode("protocol");
        public static readonly JsonEncodedText Ethertype = JsonEncodedText.Encode("ethertype");
        public static readonly JsonEncodedText Hw = JsonEncodedText.Encode("hw");
        public static readonly JsonEncodedText Trap = JsonEncodedText.Encode("trap");
        public static readonly JsonEncodedText OrigLen = JsonEncodedText.Encode("orig_len");
        public static readonly JsonEncodedText PayloadLen = JsonEncodedText.Encode("payload_len");
        public static readonly JsonEncodedText Stack = JsonEncodedText.Encode("stack");
        public static readonly JsonEncodedText Vlan = JsonEncodedText.Encode("vlan");
        public static readonly JsonEncodedText InnerVlan = JsonEncodedText.Encode("inner_vlan");
        public static readonly JsonEncodedText Src = JsonEncodedText.Encode("src");
        public static readonly JsonEncodedText Dst = JsonEncodedText.Encode("dst");
        public static readonly JsonEncodedText Proto = JsonEncodedText.Encode("proto");
        public static readonly JsonEncodedText ProtoNum = JsonEncodedText.Encode("proto_num");
        public static readonly JsonEncodedText Sport = JsonEncodedText.Encode("sport");
        public static readonly JsonEncodedText Dport = JsonEncodedText.Encode("dport");
        public static readonly JsonEncodedText IcmpType = JsonEncodedText.Encode("icmp_type");
        public static readonly JsonEncodedText IcmpCode = JsonEncodedText.Encode("icmp_code");
        public static readonly JsonEncodedText ArpOp = JsonEncodedText.Encode("arp_op");
        public static readonly JsonEncodedText Fragment = JsonEncodedText.Encode("fragment");
        public static readonly JsonEncodedText Truncated = JsonEncodedText.Encode("truncated");
        public static readonly JsonEncodedText Malformed = JsonEncodedText.Encode("malformed");
    }
}
