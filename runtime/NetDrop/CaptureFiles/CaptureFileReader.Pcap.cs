using System;
using System.Buffers.Binary;
using static System.FormattableString;

namespace NetDrop.CaptureFiles;

// Classic libpcap format: a 24-byte file header, then per frame a 16-byte record header and the data.
public sealed partial class CaptureFileReader
{
    private const int PcapFileHeaderSize = 24;
    private const int PcapRecordHeaderSize = 16;

    // As read little-endian from the first four bytes; the swapped forms mean a big-endian writer.
    private const uint PcapMicrosecondMagic = 0xa1b2c3d4;
    private const uint PcapNanosecondMagic = 0xa1b23c4d;
    private const uint PcapMicrosecondMagicSwapped = 0xd4c3b2a1;
    private const uint PcapNanosecondMagicSwapped = 0x4d3cb2a1;

    // The upper bits of the link-type field carry FCS information, not the link type (libpcap's LT_LINKTYPE).
    private const uint PcapLinkTypeMask = 0x03FFFFFF;

    private bool _pcapNanoseconds;
    private uint _pcapSnapLength;
    private CaptureInterface? _pcapInterface;

    private void ReadPcapFileHeader(uint magic)
    {
        switch (magic)
        {
            case PcapMicrosecondMagic:
                break;
            case PcapNanosecondMagic:
                _pcapNanoseconds = true;
                break;
            case PcapMicrosecondMagicSwapped:
                _bigEndian = true;
                break;
            case PcapNanosecondMagicSwapped:
                _bigEndian = true;
                _pcapNanoseconds = true;
                break;
            default:
                FailHeader(Invariant($"file header at offset 0: not a pcap or pcapng file: magic 0x{BinaryPrimitives.ReadUInt32BigEndian(_buffer):x8}"));
                return;
        }

        Format = CaptureFormat.Pcap;
        int got = Fill(4, PcapFileHeaderSize - 4);
        if (got < PcapFileHeaderSize - 4)
        {
            FailHeader(Invariant($"file header at offset 0: the file has {4 + got} bytes, too short for the {PcapFileHeaderSize}-byte pcap header (file truncated)"));
            return;
        }

        ushort major = U16(4);
        ushort minor = U16(6);
        if (major != 2)
        {
            FailHeader(Invariant($"file header at offset 0: unsupported pcap version {major}.{minor} (only 2.x exists)"));
            return;
        }

        _pcapSnapLength = U32(16);
        LinkType = (int)(U32(20) & PcapLinkTypeMask);
        _pcapInterface = new CaptureInterface(0, 0, LinkType, _pcapSnapLength, _pcapNanoseconds ? 1_000_000_000UL : 1_000_000UL, 0, name: null, description: null);
        _allInterfaces.Add(_pcapInterface);
        _offset = PcapFileHeaderSize;
    }

    private bool TryReadPcapRecord(out CapturedRecord record)
    {
        record = default;
        long recordOffset = _offset;
        int got = Fill(0, PcapRecordHeaderSize);
        if (got == 0)
        {
            _finished = true;
            return false;
        }

        if (got < PcapRecordHeaderSize)
        {
            return FailFrame(recordOffset, Invariant($"record header needs {PcapRecordHeaderSize} bytes but only {got} remain (file truncated)"));
        }

        uint seconds = U32(0);
        uint fraction = U32(4);
        uint capturedLength = U32(8);
        uint originalLength = U32(12);

        if (capturedLength > MaxCapturedLength)
        {
            return FailFrame(recordOffset, Invariant($"record says {capturedLength} bytes captured, more than the {MaxCapturedLength}-byte limit (corrupt length)"));
        }

        // A snapshot length of 0 is nonsense some writers emit; treat it as "no limit" rather than reject every frame.
        if (_pcapSnapLength != 0 && capturedLength > _pcapSnapLength)
        {
            return FailFrame(recordOffset, Invariant($"record says {capturedLength} bytes captured but the file's snapshot length is {_pcapSnapLength} (corrupt length)"));
        }

        if (originalLength > int.MaxValue)
        {
            return FailFrame(recordOffset, Invariant($"record says the frame was {originalLength} bytes on the wire (corrupt length)"));
        }

        int dataLength = (int)capturedLength;
        got = Fill(PcapRecordHeaderSize, dataLength);
        if (got < dataLength)
        {
            return FailFrame(recordOffset, Invariant($"record says {capturedLength} bytes captured but only {got} remain (file truncated)"));
        }

        // u32 seconds times 1e9 plus a fraction below 2^32 * 1000 stays far inside a long.
        long nanoseconds = seconds * 1_000_000_000L + (_pcapNanoseconds ? fraction : fraction * 1_000L);

        record = new CapturedRecord(
            _nextFrame,
            recordOffset,
            _pcapInterface!,
            hasTimestamp: true,
            nanoseconds,
            (int)originalLength,
            _buffer.AsSpan(PcapRecordHeaderSize, dataLength),
            dropCount: null,
            flags: null,
            commentUtf8: default);
        _offset = recordOffset + PcapRecordHeaderSize + dataLength;
        _nextFrame++;
        return true;
    }
}
