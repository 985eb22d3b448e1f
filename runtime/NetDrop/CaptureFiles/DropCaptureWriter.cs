using System;
using System.Collections.Generic;
using System.Globalization;
using NetDrop.Frames;
using NetDrop.Kernel;

namespace NetDrop.CaptureFiles;

/// <summary>
/// Writes dropped packets (from NET_DM, the BPF source or the skb:kfree_skb tracepoint) to a pcapng file, each as an
/// Enhanced Packet Block whose comment says why it died: the drop reason with the catalogue's
/// description, the kernel function, software or hardware (and the device trap), the interface, the
/// protocol and the source. A Wireshark user sees the packet and, in its comment, its fate.
/// </summary>
/// <remarks>
/// <para>
/// Each packet goes on an interface named for its input device ("ifindex 7" when only the index is known,
/// "unreported" when the source gives neither) with the link type its bytes call for. NET_DM sends the
/// packet from its MAC header: an Ethernet header gives LINKTYPE_ETHERNET; devices without a link-layer
/// header (tun, WireGuard, IP tunnels) give a bare IP packet, LINKTYPE_RAW; the BPF source's first bytes
/// are the same, or a bare IP packet for one dropped on its way out before it had a MAC header; bytes that are neither are
/// kept undecoded under LINKTYPE_WIRESHARK_UPPER_PDU with the "data" dissector.
/// </para>
/// <para>
/// A drop without payload (the tracepoint never sends one) is recorded too, as a LINKTYPE_WIRESHARK_UPPER_PDU
/// frame holding only tags: its Protocol column is skb->protocol ("IPv4") and its comment says the rest.
/// A zero-length frame of any real link type would be a malformed packet to Wireshark.
/// </para>
/// </remarks>
public sealed class DropCaptureWriter : IDisposable
{
    private readonly PcapNgWriter _writer;
    private readonly Dictionary<(string Name, int LinkType), int> _interfaces = new();

    /// <summary>
    /// Each drop's interface by what the drop carries (name, index, -1 for none), so a drop with only an
    /// index finds its interface without making its name ("ifindex 7") again.
    /// </summary>
    private readonly Dictionary<(string? Name, int Index, int LinkType), int> _interfacesByDrop = new();
    private readonly List<int> _interfaceIds = new();
    private char[] _comment = new char[512];
    private byte[] _frame = new byte[256];

    /// <summary>Writes drops through <paramref name="writer"/>, which this object then owns.</summary>
    public DropCaptureWriter(PcapNgWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>Drops written.</summary>
    public long DropsWritten { get; private set; }

    /// <summary>
    /// Whether each comment carries the drop's raw kernel address beside its symbol. Off by default: the
    /// address gives away where the kernel is loaded (KASLR) to whoever reads the file.
    /// </summary>
    public bool KernelAddresses { get; init; }

    /// <summary>Creates (or replaces) an owner-only pcapng file at <paramref name="path"/>.</summary>
    public static DropCaptureWriter Create(string path) => new(PcapNgWriter.Create(path));

    /// <summary>Appends one drop; nothing reaches the file until <see cref="Flush"/> or a full batch.</summary>
    public void Write(DropEvent drop)
    {
        ArgumentNullException.ThrowIfNull(drop);
        ReadOnlySpan<byte> payload = drop.Payload.Span;
        int linkType = LinkTypeOf(payload, drop.Protocol);
        int interfaceId = Interface(drop, linkType);
        ReadOnlySpan<char> comment = Comment(drop);
        int originalLength = Math.Max(drop.OriginalLength ?? payload.Length, payload.Length);
        long time = Math.Max(0, drop.UnixNanoseconds);
        var flags = PcapNgPacketFlags.Create(PcapNgDirection.Unknown);

        if (linkType == LinkTypes.WiresharkUpperPdu)
        {
            ReadOnlySpan<char> protocol = ProtocolName(drop.Protocol, stackalloc char[16]);
            EnsureFrame(UpperPduTags.Size(protocol.Length) + payload.Length);
            int tags = UpperPduTags.Write(_frame, protocol);
            payload.CopyTo(_frame.AsSpan(tags));
            _writer.WritePacket(interfaceId, time, _frame.AsSpan(0, tags + payload.Length), tags + originalLength, flags: flags, comment: comment);
        }
        else
        {
            _writer.WritePacket(interfaceId, time, payload, originalLength, flags: flags, comment: comment);
        }

        DropsWritten++;
    }

    /// <summary>
    /// Records what the source lost (drops it saw but could not deliver): it becomes the comment of the
    /// statistics block each interface gets at the end, so the file says whether it holds every drop.
    /// </summary>
    /// <param name="lost">Drops lost; negative when the source could not say.</param>
    /// <param name="detail">The source's own account of the loss.</param>
    public void RecordLoss(long lost, string detail) =>
        _writer.StatisticsComment = string.Create(CultureInfo.InvariantCulture,
            $"drop events the source lost, all interfaces together: {(lost < 0 ? "unknown" : lost.ToString(CultureInfo.InvariantCulture))} ({detail})");

    /// <summary>Writes out every whole block buffered so far.</summary>
    public void Flush() => _writer.Flush();

    /// <summary>
    /// Writes a statistics block per interface (isb_usrdeliv: the drops written; the first and last drop's
    /// time; the source's loss as its comment) and closes the file.
    /// </summary>
    public void Dispose() => _writer.Dispose();

    /// <summary>Ethernet when the bytes start with an Ethernet header naming the protocol, Raw for a bare IP packet, else tags and data.</summary>
    internal static int LinkTypeOf(ReadOnlySpan<byte> payload, ushort protocol)
    {
        if (payload.IsEmpty || protocol == 0 && payload.Length < 14)
        {
            return LinkTypes.WiresharkUpperPdu;
        }

        bool known = FrameSummary.TryParse(payload, protocol, out FrameSummary summary);
        return !known ? LinkTypes.WiresharkUpperPdu
            : (summary.Layers & FrameLayers.Ethernet) != 0 ? LinkTypes.Ethernet
            : LinkTypes.Raw;
    }

    private int Interface(DropEvent drop, int linkType)
    {
        // As many keys as interfaces the kernel reports (name and index), as _interfaces has names.
        var dropKey = (drop.InterfaceName, drop.InterfaceIndex ?? -1, linkType);
        if (!_interfacesByDrop.TryGetValue(dropKey, out int id))
        {
            id = InterfaceNamed(drop, linkType);
            _interfacesByDrop.Add(dropKey, id);
        }

        return id;
    }

    private int InterfaceNamed(DropEvent drop, int linkType)
    {
        string name = drop.InterfaceName ?? (drop.InterfaceIndex is { } index ? "ifindex " + index.ToString(CultureInfo.InvariantCulture) : "unreported");
        if (!_interfaces.TryGetValue((name, linkType), out int id))
        {
            string? description = drop.InterfaceName is not null && drop.InterfaceIndex is { } i
                ? string.Create(CultureInfo.InvariantCulture, $"{drop.InterfaceName} (ifindex {i}): packets the kernel dropped")
                : drop.InterfaceName is null && drop.InterfaceIndex is null
                    ? "packets the kernel dropped; the source did not report their interface (the skb:kfree_skb tracepoint never does)"
                    : "packets the kernel dropped";
            id = _writer.AddInterface(name, linkType, description: description);
            _interfaces.Add((name, linkType), id);
        }

        return id;
    }

    private ReadOnlySpan<char> Comment(DropEvent drop)
    {
        while (true)
        {
            if (TryFormatComment(drop, KernelAddresses, _comment, out int written))
            {
                return _comment.AsSpan(0, written);
            }

            // Only long symbols or trap names get here; the buffer grows and stays grown.
            _comment = new char[_comment.Length * 2];
        }
    }

    private static bool TryFormatComment(DropEvent drop, bool kernelAddresses, Span<char> destination, out int written)
    {
        var text = new SpanWriter(destination);
        ReadOnlySpan<char> description = drop.Reason is { } reason ? FirstLine(DropReasonCatalog.Description(reason)) : default;
        if (drop.ReasonName is { } name)
        {
            text.Append(name);
            if (!description.IsEmpty)
            {
                text.Append(": ");
                text.Append(description);
            }
        }
        else
        {
            text.Append("no drop reason given");
        }

        if (drop.Subsystem != 0)
        {
            text.Append(" (subsystem ");
            text.Append(drop.Subsystem);
            text.Append(")");
        }

        text.Append("; at ");
        if (drop.Symbol is { } symbol)
        {
            text.Append(symbol);
            if (kernelAddresses)
            {
                text.Append(" (0x");
                text.AppendHex(drop.Location, 0);
                text.Append(")");
            }
        }
        else if (kernelAddresses)
        {
            text.Append("0x");
            text.AppendHex(drop.Location, 0);
        }
        else
        {
            text.Append(KernelFunction.Unknown);
        }

        if (drop.IsHardwareDrop)
        {
            text.Append("; hardware drop");
            if (drop.HardwareTrap is { } trap)
            {
                text.Append(", trap ");
                text.Append(trap);
            }
        }
        else
        {
            text.Append("; software drop");
        }

        if (drop.InterfaceName is not null || drop.InterfaceIndex is not null)
        {
            text.Append("; interface ");
            if (drop.InterfaceName is { } interfaceName)
            {
                text.Append(interfaceName);
                text.Append(drop.InterfaceIndex is null ? "" : " ");
            }

            if (drop.InterfaceIndex is { } index)
            {
                text.Append("(ifindex ");
                text.Append(index);
                text.Append(")");
            }
        }

        text.Append("; protocol ");
        Span<char> scratch = stackalloc char[16];
        text.Append(ProtocolName(drop.Protocol, scratch));
        text.Append(" (0x");
        text.AppendHex(drop.Protocol, 4);
        text.Append(")");
        if (drop.NetnsInode is { } netns)
        {
            text.Append("; network namespace ");
            text.Append(netns);
        }

        if (drop.Mark is { } mark)
        {
            text.Append("; mark 0x");
            text.AppendHex(mark, 0);
        }

        if (drop.Pid is { } pid)
        {
            text.Append("; process ");
            text.Append(pid);
            if (drop.Tid is { } thread && thread != pid)
            {
                text.Append(" thread ");
                text.Append(thread);
            }
        }
        else if (drop.Tid is { } tid)
        {
            text.Append("; thread ");
            text.Append(tid);
        }

        if (drop.Comm is { } comm)
        {
            text.Append(" (");
            text.Append(comm);
            text.Append(")");
        }

        if (drop.Cpu is { } cpu)
        {
            text.Append("; CPU ");
            text.Append(cpu);
        }

        if (drop.Payload.IsEmpty)
        {
            text.Append(drop.Source == DropSource.Tracepoint
                ? "; no packet bytes: the skb:kfree_skb tracepoint records none (the BPF source does)"
                : "; no packet bytes from the source");
        }

        text.Append(drop.Source switch
        {
            DropSource.NetDm => "; seen by NET_DM",
            DropSource.Bpf => "; seen by NetDrop's BPF program on skb:kfree_skb",
            _ => "; seen by the skb:kfree_skb tracepoint",
        });
        written = text.Length;
        return !text.Overflowed;
    }

    /// <summary>"IPv4", "IPv6", "ARP", or the number in hex: skb->protocol as the Protocol column shows it.</summary>
    private static ReadOnlySpan<char> ProtocolName(ushort protocol, Span<char> scratch)
    {
        switch (protocol)
        {
            case EtherTypes.IPv4:
                return "IPv4";
            case EtherTypes.IPv6:
                return "IPv6";
            case EtherTypes.Arp:
                return "ARP";
            case 0:
                return "unknown";
        }

        "0x".CopyTo(scratch);
        protocol.TryFormat(scratch[2..], out int digits, "x4", CultureInfo.InvariantCulture);
        return scratch[..(2 + digits)];
    }

    // The catalogue keeps the kernel's whole comment; its first line reads as a sentence on its own.
    private static ReadOnlySpan<char> FirstLine(string? text)
    {
        ReadOnlySpan<char> span = text;
        int newline = span.IndexOf('\n');
        return newline < 0 ? span : span[..newline];
    }

    private void EnsureFrame(int size)
    {
        if (_frame.Length < size)
        {
            _frame = new byte[Math.Max(size, _frame.Length * 2)];
        }
    }

    /// <summary>Appends text and numbers to a span, noting when it ran out of room instead of throwing.</summary>
    private ref struct SpanWriter(Span<char> destination)
    {
        private readonly Span<char> _destination = destination;

        public int Length { get; private set; }

        public bool Overflowed { get; private set; }

        public void Append(scoped ReadOnlySpan<char> text)
        {
            if (!Overflowed && text.TryCopyTo(_destination[Length..]))
            {
                Length += text.Length;
            }
            else
            {
                Overflowed = true;
            }
        }

        public void Append(long number)
        {
            if (!Overflowed && number.TryFormat(_destination[Length..], out int written, default, CultureInfo.InvariantCulture))
            {
                Length += written;
            }
            else
            {
                Overflowed = true;
            }
        }

        public void AppendHex(ulong number, int digits)
        {
            if (!Overflowed && number.TryFormat(_destination[Length..], out int written, digits == 4 ? "x4" : "x", CultureInfo.InvariantCulture))
            {
                Length += written;
            }
            else
            {
                Overflowed = true;
            }
        }
    }
}
