using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace NetDrop.Tests.Capture;

/// <summary>
/// Writes pcapng files by hand, block by block, in either byte order, so the reader can be tested
/// against files no tool here produces.
/// </summary>
internal sealed class PcapNgBuilder
{
    public const uint SectionHeaderType = 0x0A0D0D0A;
    public const uint InterfaceDescriptionType = 1;
    public const uint ObsoletePacketType = 2;
    public const uint SimplePacketType = 3;
    public const uint NameResolutionType = 4;
    public const uint InterfaceStatisticsType = 5;
    public const uint EnhancedPacketType = 6;

    private readonly List<byte> _bytes = new();
    private bool _bigEndian;

    public int Length => _bytes.Count;

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>A Section Header Block; everything after it is written in <paramref name="bigEndian"/> order.</summary>
    public PcapNgBuilder Section(bool bigEndian = false, ushort major = 1, ushort minor = 0)
    {
        _bigEndian = bigEndian;
        var body = new List<byte>();
        body.AddRange(U32(0x1A2B3C4D));
        body.AddRange(U16(major));
        body.AddRange(U16(minor));
        body.AddRange(U64(ulong.MaxValue)); // section length not known
        body.AddRange(Options((2, Encoding.UTF8.GetBytes("NetDrop test")))); // shb_hardware
        return Block(SectionHeaderType, body.ToArray());
    }

    public PcapNgBuilder Interface(ushort linkType, uint snapLength = 0, byte? tsresol = null, long? tsoffset = null)
    {
        var body = new List<byte>();
        body.AddRange(U16(linkType));
        body.AddRange(U16(0));
        body.AddRange(U32(snapLength));
        var options = new List<(ushort, byte[])>();
        if (tsresol is byte resolution)
        {
            options.Add((9, new[] { resolution }));
        }

        if (tsoffset is long offset)
        {
            options.Add((14, U64(unchecked((ulong)offset))));
        }

        body.AddRange(Options(options.ToArray()));
        return Block(InterfaceDescriptionType, body.ToArray());
    }

    public PcapNgBuilder Enhanced(
        uint interfaceId,
        ulong ticks,
        byte[] data,
        uint? originalLength = null,
        ulong? dropCount = null,
        string? comment = null,
        params (ushort Code, byte[] Value)[] extraOptions)
    {
        var body = new List<byte>();
        body.AddRange(U32(interfaceId));
        body.AddRange(U32((uint)(ticks >> 32)));
        body.AddRange(U32((uint)ticks));
        body.AddRange(U32((uint)data.Length));
        body.AddRange(U32(originalLength ?? (uint)data.Length));
        body.AddRange(Padded(data));
        var options = new List<(ushort, byte[])>();
        if (comment is not null)
        {
            options.Add((1, Encoding.UTF8.GetBytes(comment)));
        }

        if (dropCount is ulong drops)
        {
            options.Add((4, U64(drops)));
        }

        options.AddRange(extraOptions);
        body.AddRange(Options(options.ToArray()));
        return Block(EnhancedPacketType, body.ToArray());
    }

    public PcapNgBuilder Simple(byte[] data, uint originalLength)
    {
        var body = new List<byte>();
        body.AddRange(U32(originalLength));
        body.AddRange(Padded(data));
        return Block(SimplePacketType, body.ToArray());
    }

    public PcapNgBuilder Obsolete(ushort interfaceId, ushort drops, ulong ticks, byte[] data)
    {
        var body = new List<byte>();
        body.AddRange(U16(interfaceId));
        body.AddRange(U16(drops));
        body.AddRange(U32((uint)(ticks >> 32)));
        body.AddRange(U32((uint)ticks));
        body.AddRange(U32((uint)data.Length));
        body.AddRange(U32((uint)data.Length));
        body.AddRange(Padded(data));
        return Block(ObsoletePacketType, body.ToArray());
    }

    /// <summary>Any block: type, total length, body padded to 4, total length again.</summary>
    public PcapNgBuilder Block(uint type, byte[] body)
    {
        byte[] padded = Padded(body);
        uint total = (uint)(12 + padded.Length);
        _bytes.AddRange(U32(type));
        _bytes.AddRange(U32(total));
        _bytes.AddRange(padded);
        _bytes.AddRange(U32(total));
        return this;
    }

    /// <summary>Raw bytes, for blocks that are deliberately wrong.</summary>
    public PcapNgBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public byte[] U16(ushort value)
    {
        byte[] b = new byte[2];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        }

        return b;
    }

    public byte[] U32(uint value)
    {
        byte[] b = new byte[4];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        }

        return b;
    }

    public byte[] U64(ulong value)
    {
        byte[] b = new byte[8];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        }

        return b;
    }

    public byte[] Options(params (ushort Code, byte[] Value)[] options)
    {
        if (options.Length == 0)
        {
            return Array.Empty<byte>();
        }

        var bytes = new List<byte>();
        foreach ((ushort code, byte[] value) in options)
        {
            bytes.AddRange(U16(code));
            bytes.AddRange(U16((ushort)value.Length));
            bytes.AddRange(Padded(value));
        }

        bytes.AddRange(U32(0)); // opt_endofopt
        return bytes.ToArray();
    }

    private static byte[] Padded(byte[] data)
    {
        byte[] padded = new byte[(data.Length + 3) & ~3];
        data.CopyTo(padded, 0);
        return padded;
    }

    /// <summary>An Interface Statistics Block for interface 0 with isb_osdrop 7 and <paramref name="comment"/> (none when empty).</summary>
    public static byte[] StatisticsBlock(PcapNgBuilder order, string comment)
    {
        var options = comment.Length > 0
            ? order.Options((1, Encoding.UTF8.GetBytes(comment)), (7, order.U64(7)))
            : order.Options((7, order.U64(7)));
        var block = new PcapNgBuilder();
        block.Block(PcapNgBuilder.InterfaceStatisticsType, [.. order.U32(0), .. order.U32(0), .. order.U32(1_000), .. options]);
        return block.ToArray();
    }
}
