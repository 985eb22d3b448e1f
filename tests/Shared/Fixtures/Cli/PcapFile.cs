using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace NetDrop.Tests.Cli;

/// <summary>Writes classic little-endian microsecond pcap files, for captures built or damaged by a test.</summary>
internal static class PcapFile
{
    public const int FileHeaderSize = 24;
    public const int RecordHeaderSize = 16;

    public static byte[] Build(int linkType, IEnumerable<byte[]> frames)
    {
        using var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[FileHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 262144);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)linkType);
        stream.Write(header);

        uint second = 1_795_312_279;
        Span<byte> record = stackalloc byte[RecordHeaderSize];
        foreach (byte[] frame in frames)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record, second++);
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
            stream.Write(record);
            stream.Write(frame);
        }

        return stream.ToArray();
    }
}
