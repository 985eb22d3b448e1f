using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using static System.FormattableString;

namespace NetDrop.CaptureFiles;

// pcapng: typed blocks (u32 type, u32 total length, body, u32 total length again) grouped in sections,
// each starting with a Section Header Block that fixes the byte order and resets the interface list.
public sealed partial class CaptureFileReader
{
    // Reads the same in either byte order, so a section can be found before its byte order is known.
    private const uint PcapNgSectionHeaderType = 0x0A0D0D0A;
    private const uint PcapNgInterfaceDescriptionType = 1;
    private const uint PcapNgObsoletePacketType = 2;
    private const uint PcapNgSimplePacketType = 3;
    private const uint PcapNgInterfaceStatisticsType = 5;
    private const uint PcapNgEnhancedPacketType = 6;
    private const uint PcapNgByteOrderMagic = 0x1A2B3C4D;
    private const uint PcapNgByteOrderMagicSwapped = 0x4D3C2B1A;

    private const int PcapNgBlockHeaderSize = 8;
    private const int PcapNgMinimumBlockLength = 12;
    private const int PcapNgSectionHeaderMinimum = 28;
    private const int PcapNgInterfaceDescriptionMinimum = 20;
    private const int PcapNgPacketBlockMinimum = 32;
    private const int PcapNgSimplePacketMinimum = 16;
    private const int PcapNgInterfaceStatisticsMinimum = 24;

    // Headers and options around the largest packet fit easily in another 64 KiB; more is corruption.
    private const int PcapNgMaxBlockLength = MaxCapturedLength + 64 * 1024;

    private const ushort OptComment = 1;
    private const ushort EpbFlags = 2;
    private const ushort EpbDropCount = 4;
    private const ushort IfName = 2;
    private const ushort IfDescription = 3;
    private const ushort IfTsResol = 9;
    private const ushort IsbStartTime = 2;
    private const ushort IsbEndTime = 3;
    private const ushort IsbIfRecv = 4;
    private const ushort IsbIfDrop = 5;
    private const ushort IsbFilterAccept = 6;
    private const ushort IsbOsDrop = 7;
    private const ushort IsbUsrDeliv = 8;
    private const ushort IfTsOffset = 14;

    // The obsolete Packet Block's drops field uses this value for "not known".
    private const ushort ObsoleteDropsUnknown = 0xFFFF;

    private const ulong DefaultTicksPerSecond = 1_000_000;

    // Option codes are per block type: epb_dropcount (4) means nothing in the obsolete Packet Block,
    // and a Simple Packet Block has no options at all, only padding.
    private enum PacketOptions
    {
        None,
        Obsolete,
        Enhanced,
    }

    private readonly List<CaptureInterface> _interfaces = new List<CaptureInterface>();
    private readonly List<CaptureInterface> _allInterfaces = new List<CaptureInterface>();
    private readonly List<CaptureStatistics> _statistics = new List<CaptureStatistics>();
    private int _section = -1;

    private bool TryReadPcapNgBlocks(out CapturedRecord record, bool stopAfterFirstInterface)
    {
        record = default;
        while (true)
        {
            long blockOffset = _offset;
            int got = Fill(0, PcapNgBlockHeaderSize);
            if (got == 0)
            {
                _finished = true;
                return false;
            }

            if (got < PcapNgBlockHeaderSize)
            {
                // With the type in hand, a cut packet block is reported as the frame it would have been.
                bool isPacket = got >= 4 && IsPacketBlock(U32(0));
                return FailBlockOrFrame(blockOffset, isPacket, "block", Invariant($"block header needs {PcapNgBlockHeaderSize} bytes but only {got} remain (file truncated)"));
            }

            uint type = U32(0);
            if (type == PcapNgSectionHeaderType)
            {
                if (!ReadSectionHeader(blockOffset, PcapNgBlockHeaderSize))
                {
                    return false;
                }

                continue;
            }

            uint totalLength = U32(4);
            switch (type)
            {
                case PcapNgInterfaceDescriptionType:
                    if (!ReadInterfaceDescription(blockOffset, totalLength))
                    {
                        return false;
                    }

                    if (stopAfterFirstInterface)
                    {
                        return false;
                    }

                    continue;
                case PcapNgInterfaceStatisticsType:
                    if (!ReadInterfaceStatistics(blockOffset, totalLength))
                    {
                        return false;
                    }

                    continue;
                case PcapNgEnhancedPacketType:
                    return ReadEnhancedPacket(blockOffset, totalLength, out record);
                case PcapNgSimplePacketType:
                    return ReadSimplePacket(blockOffset, totalLength, out record);
                case PcapNgObsoletePacketType:
                    return ReadObsoletePacket(blockOffset, totalLength, out record);
                default:
                    if (!SkipBlock(blockOffset, type, totalLength))
                    {
                        return false;
                    }

                    continue;
            }
        }
    }

    private static bool IsPacketBlock(uint type) =>
        type is PcapNgEnhancedPacketType or PcapNgSimplePacketType or PcapNgObsoletePacketType;

    private bool ReadSectionHeader(long blockOffset, int bytesAlreadyRead)
    {
        const string name = "section header block";
        const int prefix = PcapNgBlockHeaderSize + 4;
        int got = Fill(bytesAlreadyRead, prefix - bytesAlreadyRead);
        if (bytesAlreadyRead + got < prefix)
        {
            return FailBlock(blockOffset, name, Invariant($"needs {prefix} bytes to find its byte order but only {bytesAlreadyRead + got} remain (file truncated)"));
        }

        uint byteOrderMagic = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(PcapNgBlockHeaderSize));
        if (byteOrderMagic == PcapNgByteOrderMagic)
        {
            _bigEndian = false;
        }
        else if (byteOrderMagic == PcapNgByteOrderMagicSwapped)
        {
            _bigEndian = true;
        }
        else
        {
            uint asStored = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(PcapNgBlockHeaderSize));
            return FailBlock(blockOffset, name, Invariant($"byte-order magic 0x{asStored:x8} is not 0x1a2b3c4d in either byte order"));
        }

        uint totalLength = U32(4);
        if (!CheckBlockLength(blockOffset, isPacket: false, name, totalLength, PcapNgSectionHeaderMinimum)
            || !ReadBlockRest(blockOffset, isPacket: false, name, totalLength, prefix))
        {
            return false;
        }

        ushort major = U16(12);
        ushort minor = U16(14);
        if (major != 1)
        {
            return FailBlock(blockOffset, name, Invariant($"unsupported pcapng version {major}.{minor}"));
        }

        // Interface ids are per section.
        _interfaces.Clear();
        _section++;
        _offset = blockOffset + totalLength;
        return true;
    }

    private bool ReadInterfaceDescription(long blockOffset, uint totalLength)
    {
        const string name = "interface description block";
        if (!CheckBlockLength(blockOffset, isPacket: false, name, totalLength, PcapNgInterfaceDescriptionMinimum)
            || !ReadBlockRest(blockOffset, isPacket: false, name, totalLength, PcapNgBlockHeaderSize))
        {
            return false;
        }

        int linkType = U16(8);
        uint snapLength = U32(12);
        ulong ticksPerSecond = DefaultTicksPerSecond;
        long offsetSeconds = 0;
        string? interfaceName = null;
        string? description = null;

        var options = new PcapNgOptionReader(_buffer.AsSpan(16, (int)totalLength - 20), _bigEndian);
        while (options.TryReadNext(out ushort code, out ReadOnlySpan<byte> value))
        {
            if (code == IfTsResol)
            {
                if (value.Length != 1)
                {
                    return FailBlock(blockOffset, name, Invariant($"if_tsresol option has {value.Length} bytes, not 1"));
                }

                if (!CaptureInterface.TryDecodeResolution(value[0], out ticksPerSecond))
                {
                    return FailBlock(blockOffset, name, Invariant($"if_tsresol 0x{value[0]:x2} is finer than a 64-bit timestamp can count"));
                }
            }
            else if (code == IfTsOffset)
            {
                if (value.Length != 8)
                {
                    return FailBlock(blockOffset, name, Invariant($"if_tsoffset option has {value.Length} bytes, not 8"));
                }

                offsetSeconds = _bigEndian ? BinaryPrimitives.ReadInt64BigEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value);
            }
            else if (code == IfName && interfaceName is null)
            {
                interfaceName = OptionText(value);
            }
            else if (code == IfDescription && description is null)
            {
                description = OptionText(value);
            }
        }

        if (options.Error is not null)
        {
            return FailBlock(blockOffset, name, options.Error);
        }

        if (_allInterfaces.Count == MaxInterfaces)
        {
            return FailBlock(blockOffset, name, Invariant($"the file describes more than {MaxInterfaces} interfaces, the most NetDrop reads"));
        }

        var captureInterface = new CaptureInterface(_interfaces.Count, _section, linkType, snapLength, ticksPerSecond, offsetSeconds, interfaceName, description);
        _interfaces.Add(captureInterface);
        _allInterfaces.Add(captureInterface);
        if (LinkType < 0)
        {
            LinkType = linkType;
        }

        _offset = blockOffset + totalLength;
        return true;
    }

    private bool ReadEnhancedPacket(long blockOffset, uint totalLength, out CapturedRecord record)
    {
        record = default;
        const string name = "enhanced packet block";
        if (!CheckBlockLength(blockOffset, isPacket: true, name, totalLength, PcapNgPacketBlockMinimum)
            || !ReadBlockRest(blockOffset, isPacket: true, name, totalLength, PcapNgBlockHeaderSize))
        {
            return false;
        }

        ulong ticks = ((ulong)U32(12) << 32) | U32(16);
        return FinishPacket(blockOffset, (int)totalLength, U32(8), hasTimestamp: true, ticks, U32(20), U32(24), dataStart: 28, PacketOptions.Enhanced, dropCount: null, out record);
    }

    private bool ReadObsoletePacket(long blockOffset, uint totalLength, out CapturedRecord record)
    {
        record = default;
        const string name = "packet block";
        if (!CheckBlockLength(blockOffset, isPacket: true, name, totalLength, PcapNgPacketBlockMinimum)
            || !ReadBlockRest(blockOffset, isPacket: true, name, totalLength, PcapNgBlockHeaderSize))
        {
            return false;
        }

        ushort drops = U16(10);
        ulong ticks = ((ulong)U32(12) << 32) | U32(16);
        ulong? dropCount = drops == ObsoleteDropsUnknown ? null : drops;
        return FinishPacket(blockOffset, (int)totalLength, U16(8), hasTimestamp: true, ticks, U32(20), U32(24), dataStart: 28, PacketOptions.Obsolete, dropCount, out record);
    }

    private bool ReadSimplePacket(long blockOffset, uint totalLength, out CapturedRecord record)
    {
        record = default;
        const string name = "simple packet block";
        if (!CheckBlockLength(blockOffset, isPacket: true, name, totalLength, PcapNgSimplePacketMinimum)
            || !ReadBlockRest(blockOffset, isPacket: true, name, totalLength, PcapNgBlockHeaderSize))
        {
            return false;
        }

        if (_interfaces.Count == 0)
        {
            return FailFrame(blockOffset, "simple packet block needs interface 0 but its section defines no interfaces");
        }

        // The block stores no captured length: it is the original length cut to the snapshot length and the block.
        uint originalLength = U32(8);
        uint capturedLength = Math.Min(originalLength, totalLength - PcapNgSimplePacketMinimum);
        uint snapLength = _interfaces[0].SnapLength;
        if (snapLength != 0)
        {
            capturedLength = Math.Min(capturedLength, snapLength);
        }

        return FinishPacket(blockOffset, (int)totalLength, 0, hasTimestamp: false, 0, capturedLength, originalLength, dataStart: 12, PacketOptions.None, dropCount: null, out record);
    }

    private bool FinishPacket(
        long blockOffset,
        int totalLength,
        uint interfaceId,
        bool hasTimestamp,
        ulong ticks,
        uint capturedLength,
        uint originalLength,
        int dataStart,
        PacketOptions optionKind,
        ulong? dropCount,
        out CapturedRecord record)
    {
        record = default;
        if (interfaceId >= (uint)_interfaces.Count)
        {
            return FailFrame(blockOffset, Invariant($"packet refers to interface {interfaceId} but its section defines {_interfaces.Count}"));
        }

        CaptureInterface iface = _interfaces[(int)interfaceId];
        if (capturedLength > MaxCapturedLength)
        {
            return FailFrame(blockOffset, Invariant($"block says {capturedLength} bytes captured, more than the {MaxCapturedLength}-byte limit (corrupt length)"));
        }

        if (iface.SnapLength != 0 && capturedLength > iface.SnapLength)
        {
            return FailFrame(blockOffset, Invariant($"block says {capturedLength} bytes captured but interface {interfaceId}'s snapshot length is {iface.SnapLength} (corrupt length)"));
        }

        if (originalLength > int.MaxValue)
        {
            return FailFrame(blockOffset, Invariant($"block says the frame was {originalLength} bytes on the wire (corrupt length)"));
        }

        int dataLength = (int)capturedLength;
        int optionsStart = dataStart + ((dataLength + 3) & ~3);
        int optionsEnd = totalLength - 4;
        if (optionsStart > optionsEnd)
        {
            return FailFrame(blockOffset, Invariant($"block says {capturedLength} bytes captured but the {totalLength}-byte block has room for {optionsEnd - dataStart}"));
        }

        ReadOnlySpan<byte> comment = default;
        ReadOnlySpan<byte> optionArea = default;
        PcapNgPacketFlags? flags = null;
        if (optionKind != PacketOptions.None)
        {
            optionArea = _buffer.AsSpan(optionsStart, optionsEnd - optionsStart);
            var options = new PcapNgOptionReader(optionArea, _bigEndian);
            bool haveComment = false;
            while (options.TryReadNext(out ushort code, out ReadOnlySpan<byte> value))
            {
                if (code == OptComment && !haveComment)
                {
                    comment = value;
                    haveComment = true;
                }
                else if (code == EpbDropCount && optionKind == PacketOptions.Enhanced && dropCount is null)
                {
                    if (value.Length != 8)
                    {
                        return FailFrame(blockOffset, Invariant($"epb_dropcount option has {value.Length} bytes, not 8"));
                    }

                    dropCount = _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(value) : BinaryPrimitives.ReadUInt64LittleEndian(value);
                }
                else if (code == EpbFlags && optionKind == PacketOptions.Enhanced && flags is null)
                {
                    if (value.Length != 4)
                    {
                        return FailFrame(blockOffset, Invariant($"epb_flags option has {value.Length} bytes, not 4"));
                    }

                    flags = new PcapNgPacketFlags(_bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(value) : BinaryPrimitives.ReadUInt32LittleEndian(value));
                }
            }

            if (options.Error is not null)
            {
                return FailFrame(blockOffset, options.Error);
            }
        }

        long nanoseconds = 0;
        if (hasTimestamp && !iface.TryToUnixNanoseconds(ticks, out nanoseconds))
        {
            return FailFrame(blockOffset, Invariant($"timestamp {ticks} at {iface.TicksPerSecond} units per second does not fit in 64-bit nanoseconds"));
        }

        record = new CapturedRecord(
            _nextFrame,
            blockOffset,
            iface,
            hasTimestamp,
            nanoseconds,
            (int)originalLength,
            _buffer.AsSpan(dataStart, dataLength),
            dropCount,
            flags,
            comment,
            optionArea,
            _bigEndian);
        _offset = blockOffset + totalLength;
        _nextFrame++;
        return true;
    }

    private bool ReadInterfaceStatistics(long blockOffset, uint totalLength)
    {
        const string name = "interface statistics block";
        if (!CheckBlockLength(blockOffset, isPacket: false, name, totalLength, PcapNgInterfaceStatisticsMinimum)
            || !ReadBlockRest(blockOffset, isPacket: false, name, totalLength, PcapNgBlockHeaderSize))
        {
            return false;
        }

        uint interfaceId = U32(8);
        if (interfaceId >= (uint)_interfaces.Count)
        {
            return FailBlock(blockOffset, name, Invariant($"statistics for interface {interfaceId} but its section defines {_interfaces.Count}"));
        }

        CaptureInterface iface = _interfaces[(int)interfaceId];
        if (!TryTimestamp(iface, ((ulong)U32(12) << 32) | U32(16), out long timestamp))
        {
            return FailBlock(blockOffset, name, "its timestamp does not fit in 64-bit nanoseconds");
        }

        // One slot per counter option (isb_starttime 2 … isb_usrdeliv 8); the record is built once at the end.
        Span<ulong> values = stackalloc ulong[IsbUsrDeliv + 1];
        Span<bool> present = stackalloc bool[IsbUsrDeliv + 1];
        string? comment = null;
        var options = new PcapNgOptionReader(_buffer.AsSpan(20, (int)totalLength - 24), _bigEndian);
        while (options.TryReadNext(out ushort code, out ReadOnlySpan<byte> value))
        {
            if (code == OptComment)
            {
                comment ??= OptionText(value);
                continue;
            }

            if (code is < IsbStartTime or > IsbUsrDeliv)
            {
                continue;
            }

            if (value.Length != 8)
            {
                return FailBlock(blockOffset, name, Invariant($"option {code} has {value.Length} bytes, not 8"));
            }

            if (code is IsbStartTime or IsbEndTime)
            {
                // Timestamps are two 32-bit words, high first, each in the section's byte order.
                uint high = _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(value) : BinaryPrimitives.ReadUInt32LittleEndian(value);
                uint low = _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(value[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(value[4..]);
                if (!TryTimestamp(iface, ((ulong)high << 32) | low, out long time))
                {
                    return FailBlock(blockOffset, name, Invariant($"option {code}'s time does not fit in 64-bit nanoseconds"));
                }

                values[code] = (ulong)time;
            }
            else
            {
                values[code] = _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(value) : BinaryPrimitives.ReadUInt64LittleEndian(value);
            }

            present[code] = true;
        }

        if (options.Error is not null)
        {
            return FailBlock(blockOffset, name, options.Error);
        }

        var counters = new PcapNgStatistics
        {
            StartNanoseconds = present[IsbStartTime] ? (long)values[IsbStartTime] : null,
            EndNanoseconds = present[IsbEndTime] ? (long)values[IsbEndTime] : null,
            InterfaceReceived = present[IsbIfRecv] ? values[IsbIfRecv] : null,
            InterfaceDropped = present[IsbIfDrop] ? values[IsbIfDrop] : null,
            FilterAccepted = present[IsbFilterAccept] ? values[IsbFilterAccept] : null,
            OsDropped = present[IsbOsDrop] ? values[IsbOsDrop] : null,
            UserDelivered = present[IsbUsrDeliv] ? values[IsbUsrDeliv] : null,
            Comment = comment,
        };
        _statistics.Add(new CaptureStatistics(iface, timestamp, counters, blockOffset));

        // Let go of the oldest in halves, so a file of nothing but statistics keeps at most twice the limit
        // while reading and moves each block once.
        if (_statistics.Count == 2 * MaxKeptStatistics)
        {
            ForgetOldStatistics(MaxKeptStatistics);
        }

        _offset = blockOffset + totalLength;
        return true;
    }

    private static bool TryTimestamp(CaptureInterface iface, ulong ticks, out long nanoseconds) => iface.TryToUnixNanoseconds(ticks, out nanoseconds);

    private void ForgetOldStatistics(int keep)
    {
        int excess = _statistics.Count - keep;
        if (excess > 0)
        {
            _statistics.RemoveRange(0, excess);
            StatisticsNotKept += excess;
        }
    }

    // Interface names and comments are UTF-8; some writers end them with NULs, which are not part of the text.
    // These texts outlive their block, so each is cut to MaxKeptTextBytes, at the start of a character.
    private static string OptionText(ReadOnlySpan<byte> value)
    {
        value = value.TrimEnd((byte)0);
        if (value.Length <= MaxKeptTextBytes)
        {
            return System.Text.Encoding.UTF8.GetString(value);
        }

        int cut = MaxKeptTextBytes;
        while (cut > 0 && (value[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return System.Text.Encoding.UTF8.GetString(value[..cut]) + "…";
    }

    private bool SkipBlock(long blockOffset, uint type, uint totalLength)
    {
        // Unknown blocks are skipped, not buffered, so their length needs no upper limit.
        if (totalLength % 4 != 0)
        {
            return FailBlock(blockOffset, UnknownBlockName(type), Invariant($"block length {totalLength} is not a multiple of 4"));
        }

        if (totalLength < PcapNgMinimumBlockLength)
        {
            return FailBlock(blockOffset, UnknownBlockName(type), Invariant($"block length {totalLength} is less than the {PcapNgMinimumBlockLength}-byte minimum"));
        }

        long body = totalLength - PcapNgMinimumBlockLength;
        long skipped = Skip(body);
        if (skipped < body)
        {
            return FailBlock(blockOffset, UnknownBlockName(type), Truncated("block", totalLength, PcapNgBlockHeaderSize + skipped));
        }

        int got = Fill(0, 4);
        if (got < 4)
        {
            return FailBlock(blockOffset, UnknownBlockName(type), Truncated("block", totalLength, totalLength - 4 + got));
        }

        uint trailing = U32(0);
        if (trailing != totalLength)
        {
            return FailBlock(blockOffset, UnknownBlockName(type), Invariant($"trailing block length {trailing} does not match the leading {totalLength}"));
        }

        _offset = blockOffset + totalLength;
        return true;
    }

    // Built only when there is an error to report, so skipping blocks allocates nothing.
    private static string UnknownBlockName(uint type) => Invariant($"block of type 0x{type:x8}");

    private bool CheckBlockLength(long blockOffset, bool isPacket, string name, uint totalLength, int minimum)
    {
        string? problem = null;
        if (totalLength % 4 != 0)
        {
            problem = Invariant($"block length {totalLength} is not a multiple of 4");
        }
        else if (totalLength < minimum)
        {
            problem = Invariant($"block length {totalLength} is less than the {minimum}-byte minimum for this block type");
        }
        else if (totalLength > PcapNgMaxBlockLength)
        {
            problem = Invariant($"block length {totalLength} is more than the {PcapNgMaxBlockLength}-byte limit (corrupt length)");
        }

        return problem is null || FailBlockOrFrame(blockOffset, isPacket, name, problem);
    }

    private bool ReadBlockRest(long blockOffset, bool isPacket, string name, uint totalLength, int bytesAlreadyRead)
    {
        int length = (int)totalLength;
        int got = Fill(bytesAlreadyRead, length - bytesAlreadyRead);
        if (bytesAlreadyRead + got < length)
        {
            return FailBlockOrFrame(blockOffset, isPacket, name, Truncated("block", totalLength, bytesAlreadyRead + got));
        }

        uint trailing = U32(length - 4);
        return trailing == totalLength
            || FailBlockOrFrame(blockOffset, isPacket, name, Invariant($"trailing block length {trailing} does not match the leading {totalLength}"));
    }

    // A packet block's damage is reported against its frame; other blocks by name, before the next frame.
    private bool FailBlockOrFrame(long blockOffset, bool isPacket, string name, string detail) =>
        isPacket ? FailFrame(blockOffset, detail) : FailBlock(blockOffset, name, detail);
}
