using System;
using System.Buffers.Binary;
using NetDrop.Frames;

namespace NetDrop.CaptureFiles;

/// <summary>
/// Reads a capture record's headers by its link type: the inverse of <see cref="DropCaptureWriter"/>'s
/// choice of link type. Ethernet, raw IP and Linux cooked (SLL, SLL2) records are summarised; a
/// LINKTYPE_WIRESHARK_UPPER_PDU record's tags are NetDrop's framing and are skipped.
/// </summary>
public static class CapturedFrameSummary
{
    // LINKTYPE_LINUX_SLL: 16-byte header, protocol in its last two bytes; LINKTYPE_LINUX_SLL2: 20 bytes, protocol first.
    private const int SllHeaderLength = 16;
    private const int Sll2HeaderLength = 20;

    /// <summary>Summarises <paramref name="data"/> as <paramref name="linkType"/> says; allocates nothing.</summary>
    /// <param name="tagLength">Bytes of LINKTYPE_WIRESHARK_UPPER_PDU tags before the packet; 0 for every other link type.</param>
    public static CapturedFrameContent Summarize(int linkType, ReadOnlySpan<byte> data, out FrameSummary summary, out int tagLength)
    {
        tagLength = 0;
        summary = default;
        switch (linkType)
        {
            case LinkTypes.Ethernet:
                return Parsed(data, data, 0, out summary);
            case LinkTypes.Raw:
                ushort version = data.IsEmpty ? (ushort)0 : (data[0] >> 4) switch
                {
                    4 => EtherTypes.IPv4,
                    6 => EtherTypes.IPv6,
                    _ => (ushort)0,
                };
                return Parsed(data, data, version, out summary);
            case LinkTypes.LinuxSll when data.Length >= SllHeaderLength:
                return Cooked(data, data[SllHeaderLength..], BinaryPrimitives.ReadUInt16BigEndian(data[14..]), out summary);
            case LinkTypes.LinuxSll2 when data.Length >= Sll2HeaderLength:
                return Cooked(data, data[Sll2HeaderLength..], BinaryPrimitives.ReadUInt16BigEndian(data), out summary);
            case LinkTypes.WiresharkUpperPdu:
                if (!UpperPduTags.TrySkip(data, out ReadOnlySpan<byte> payload))
                {
                    return CapturedFrameContent.TagsCutShort;
                }

                tagLength = data.Length - payload.Length;
                return payload.IsEmpty ? CapturedFrameContent.NoBytes : CapturedFrameContent.TaggedBytes;
            default:
                return CapturedFrameContent.LinkTypeNotDecoded;
        }
    }

    // After a cooked header the packet starts at its network header (the kernel took the link layer off).
    private static CapturedFrameContent Cooked(ReadOnlySpan<byte> record, ReadOnlySpan<byte> packet, ushort protocol, out FrameSummary summary) =>
        FrameSummary.TryParseNetworkLayer(packet, protocol, out summary) ? CapturedFrameContent.Decoded
        : record.IsEmpty ? CapturedFrameContent.NoBytes
        : CapturedFrameContent.HeadersNotRecognised;

    // Whether a record is empty is judged on the whole record, cooked header included.
    private static CapturedFrameContent Parsed(ReadOnlySpan<byte> record, ReadOnlySpan<byte> packet, ushort protocol, out FrameSummary summary) =>
        FrameSummary.TryParse(packet, protocol, out summary) ? CapturedFrameContent.Decoded
        : record.IsEmpty ? CapturedFrameContent.NoBytes
        : CapturedFrameContent.HeadersNotRecognised;
}
