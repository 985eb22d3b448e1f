using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace NetDrop.Tests.Capture;

/// <summary>Byte-level surgery on classic pcap files: record boundaries and byte-order rewrites.</summary>
internal static class PcapBytes
{
    public const int FileHeaderSize = 24;
    public const int RecordHeaderSize = 16;

    /// <summary>Offsets of each record header in a well-formed little-endian pcap, plus the file length at the end.</summary>
    public static List<long> RecordOffsets(byte[] pcap)
    {
        var offsets = new List<long>();
        int offset = FileHeaderSize;
        while (offset < pcap.Length)
        {
            offsets.Add(offset);
            offset += RecordHeaderSize + (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(offset + 8));
        }

        offsets.Add(offset);
        return offsets;
    }

    /// <summary>
    /// Rewrites a little-endian microsecond pcap as a big-endian nanosecond one: the same frames,
    /// the other magic, every header field swapped, the fraction scaled by 1000.
    /// </summary>
    public static byte[] ToBigEndianNanoseconds(byte[] pcap)
    {
        byte[] result = (byte[])pcap.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(result, 0xa1b23c4d);
        Swap16(result, 4);
        Swap16(result, 6);
        Swap32(result, 8);
        Swap32(result, 12);
        Swap32(result, 16);
        Swap32(result, 20);
        List<long> offsets = RecordOffsets(pcap);
        for (int i = 0; i < offsets.Count - 1; i++)
        {
            int at = (int)offsets[i];
            uint micros = BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 4));
            Swap32(result, at);
            BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(at + 4), micros * 1000);
            Swap32(result, at + 8);
            Swap32(result, at + 12);
        }

        return result;
    }

    /// <summary>Re-packs a little-endian pcap as pcapng (one section, one interface at microsecond resolution).</summary>
    public static byte[] ToPcapNg(byte[] pcap, bool bigEndian)
    {
        var builder = new PcapNgBuilder().Section(bigEndian);
        builder.Interface((ushort)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(20)), BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(16)));
        List<long> offsets = RecordOffsets(pcap);
        for (int i = 0; i < offsets.Count - 1; i++)
        {
            int at = (int)offsets[i];
            ulong seconds = BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at));
            ulong micros = BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 4));
            int capturedLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 8));
            uint originalLength = BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 12));
            builder.Enhanced(0, seconds * 1_000_000 + micros, pcap.AsSpan(at + RecordHeaderSize, capturedLength).ToArray(), originalLength);
        }

        return builder.ToArray();
    }

    private static void Swap16(byte[] bytes, int at) =>
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)));

    private static void Swap32(byte[] bytes, int at) =>
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)));
}
