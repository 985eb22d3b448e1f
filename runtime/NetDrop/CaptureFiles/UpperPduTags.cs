using System;
using System.Buffers.Binary;
using System.Text;

namespace NetDrop.CaptureFiles;

/// <summary>
/// The tag list that starts a LINKTYPE_WIRESHARK_UPPER_PDU frame: big-endian u16 tag, u16 length, a value
/// NUL-padded to 4 bytes, ended by tag 0. Wireshark shows the tags and decodes the rest with the dissector
/// a tag names.
/// </summary>
public static class UpperPduTags
{
    /// <summary>EXP_PDU_TAG_DISSECTOR_NAME: the dissector for the bytes after the tags ("data": show them undecoded).</summary>
    public const ushort DissectorName = 12;

    /// <summary>EXP_PDU_TAG_COL_PROT_TEXT: the text of the Protocol column.</summary>
    public const ushort ProtocolColumn = 33;

    private const ushort EndOfTags = 0;

    /// <summary>Bytes <see cref="Write"/> needs for a Protocol column of <paramref name="protocolColumnLength"/> ASCII characters.</summary>
    public static int Size(int protocolColumnLength) => 4 + Padded(4) + 4 + Padded(protocolColumnLength) + 4;

    /// <summary>
    /// Writes a "data" dissector tag, a Protocol column tag and the end tag; returns the length. Wireshark
    /// fills the column only when a dissector is named, so the "data" tag is there even with no bytes after.
    /// </summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<char> protocolColumn)
    {
        int at = WriteTag(destination, 0, DissectorName, "data");
        at = WriteTag(destination, at, ProtocolColumn, protocolColumn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[at..], EndOfTags);
        return at + 4;
    }

    /// <summary>Finds the bytes after the tags; false when the tag list is cut short or malformed.</summary>
    public static bool TrySkip(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> payload)
    {
        int at = 0;
        while (frame.Length - at >= 4)
        {
            ushort tag = BinaryPrimitives.ReadUInt16BigEndian(frame[at..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(frame[(at + 2)..]);
            at += 4;
            if (tag == EndOfTags)
            {
                payload = frame[at..];
                return true;
            }

            if (length > frame.Length - at)
            {
                break;
            }

            at += length;
        }

        payload = default;
        return false;
    }

    private static int WriteTag(Span<byte> destination, int at, ushort tag, ReadOnlySpan<char> ascii)
    {
        int padded = Padded(ascii.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], tag);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], (ushort)padded);
        Span<byte> value = destination.Slice(at + 4, padded);
        value.Clear();
        Encoding.ASCII.GetBytes(ascii, value);
        return at + 4 + padded;
    }

    private static int Padded(int length) => (length + 3) & ~3;
}
