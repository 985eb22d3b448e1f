using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using NetDrop.Packet;

namespace NetDrop.CaptureFiles;

/// <summary>
/// Writes a pcapng file as a stream: one section header, interface descriptions as they are added,
/// enhanced packet blocks (with the gap before each frame as epb_dropcount, epb_flags and a comment),
/// and interface statistics blocks at the end. Timestamps are nanoseconds (if_tsresol 9).
/// </summary>
/// <remarks>
/// <para>
/// Blocks are assembled whole in one reused buffer and handed to the stream only in whole blocks, with
/// one <see cref="Stream.Write(ReadOnlySpan{byte})"/> per batch: the file on disk always ends at a block
/// boundary, so a process that is killed leaves a file that is valid up to the last batch written, and
/// one that stops cleanly (<see cref="Dispose"/>) leaves a complete file. For that guarantee the stream
/// must not buffer on its own (<see cref="CaptureFileStream.Create"/> opens files so).
/// </para>
/// <para>
/// Batches go out when the buffer is full and on <see cref="Flush"/>; callers flush when they have
/// written what was ready (after each ring block, each batch of drops). Writing a packet allocates
/// nothing once the buffer has grown to the largest block.
/// </para>
/// </remarks>
public sealed class PcapNgWriter : IDisposable
{
    /// <summary>The largest comment a block holds: an option's length is 16 bits. Longer comments are cut at a character boundary.</summary>
    public const int MaxCommentBytes = ushort.MaxValue;

    /// <summary>Batches are written once this much is buffered.</summary>
    private const int BatchSize = 64 * 1024;

    private const uint SectionHeaderType = 0x0A0D0D0A;
    private const uint InterfaceDescriptionType = 1;
    private const uint InterfaceStatisticsType = 5;
    private const uint EnhancedPacketType = 6;
    private const uint ByteOrderMagic = 0x1A2B3C4D;

    private const ushort OptEndOfOptions = 0;
    private const ushort OptComment = 1;
    private const ushort ShbOs = 3;
    private const ushort ShbUserApplication = 4;
    private const ushort IfName = 2;
    private const ushort IfDescription = 3;
    private const ushort IfTsResol = 9;
    private const ushort EpbFlags = 2;
    private const ushort EpbDropCount = 4;
    private const ushort IsbStartTime = 2;
    private const ushort IsbEndTime = 3;
    private const ushort IsbIfRecv = 4;
    private const ushort IsbIfDrop = 5;
    private const ushort IsbFilterAccept = 6;
    private const ushort IsbOsDrop = 7;
    private const ushort IsbUsrDeliv = 8;

    /// <summary>if_tsresol 9: timestamps count nanoseconds.</summary>
    private const byte NanosecondResolution = 9;

    // Block header (type, length) plus the enhanced packet block's fixed fields.
    private const int PacketHeaderSize = 28;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly List<InterfaceState> _interfaces = new();
    private byte[] _buffer = new byte[BatchSize];
    private int _pending;
    private bool _disposed;

    /// <summary>Starts a pcapng section on <paramref name="stream"/>; nothing reaches it until the first flush.</summary>
    /// <param name="stream">Where the file goes; written only in whole blocks.</param>
    /// <param name="leaveOpen">Leave the stream open on dispose.</param>
    /// <param name="application">shb_userappl; "NetDrop" and the library's version when null.</param>
    public PcapNgWriter(Stream stream, bool leaveOpen = false, string? application = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("the stream cannot be written", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        WriteSectionHeader(application ?? DefaultApplication());
    }

    /// <summary>Interfaces added so far; an interface's id is its index.</summary>
    public int InterfaceCount => _interfaces.Count;

    /// <summary>Enhanced packet blocks written (buffered ones included).</summary>
    public long PacketsWritten { get; private set; }

    /// <summary>The comment of the statistics blocks <see cref="Dispose"/> writes for interfaces that got none from <see cref="WriteStatistics"/>.</summary>
    public string? StatisticsComment { get; set; }

    /// <summary>Bytes of whole blocks handed to the stream so far.</summary>
    public long BytesFlushed { get; private set; }

    /// <summary>Creates (or replaces) the file at <paramref name="path"/>, readable by its owner only, and writes to it.</summary>
    public static PcapNgWriter Create(string path, string? application = null)
    {
        FileStream stream = CaptureFileStream.Create(path);
        try
        {
            return new PcapNgWriter(stream, leaveOpen: false, application);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Adds an Interface Description Block and returns the id that packets on it use.</summary>
    /// <param name="name">if_name ("eth0"); left out when null or empty.</param>
    /// <param name="linkType">LINKTYPE_* of the frames (see <see cref="LinkTypes"/>).</param>
    /// <param name="snapLength">The most bytes kept of a frame; longer frames are cut. 0 means no limit (up to <see cref="CaptureFileReader.MaxCapturedLength"/>).</param>
    /// <param name="description">if_description; left out when null or empty.</param>
    public int AddInterface(string? name, int linkType, int snapLength = 0, string? description = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(linkType);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(linkType, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfNegative(snapLength);

        int start = BeginBlock(InterfaceDescriptionType, 16 + OptionSize(name) + OptionSize(description) + 8 + 4);
        int at = start + 8;
        WriteU16(ref at, (ushort)linkType);
        WriteU16(ref at, 0);
        WriteU32(ref at, (uint)snapLength);
        WriteStringOption(ref at, IfName, name);
        WriteStringOption(ref at, IfDescription, description);
        WriteOptionHeader(ref at, IfTsResol, 1);
        _buffer[at] = NanosecondResolution;
        _buffer.AsSpan(at + 1, 3).Clear();
        at += 4;
        WriteOptionHeader(ref at, OptEndOfOptions, 0);
        EndBlock(start, at);

        int limit = snapLength == 0 ? CaptureFileReader.MaxCapturedLength : Math.Min(snapLength, CaptureFileReader.MaxCapturedLength);
        _interfaces.Add(new InterfaceState(limit));
        return _interfaces.Count - 1;
    }

    /// <summary>Writes one frame as an Enhanced Packet Block.</summary>
    /// <param name="interfaceId">An id from <see cref="AddInterface"/>.</param>
    /// <param name="unixNanoseconds">When the frame was seen, nanoseconds since the Unix epoch.</param>
    /// <param name="data">The frame from its link-layer header; cut to the interface's snapshot length.</param>
    /// <param name="originalLength">The frame's length on the wire; the data's length when smaller.</param>
    /// <param name="dropCount">Frames lost between this one and the one before on the same interface (epb_dropcount); left out when 0.</param>
    /// <param name="flags">epb_flags; left out when 0.</param>
    /// <param name="comment">opt_comment; left out when empty.</param>
    public void WritePacket(
        int interfaceId,
        long unixNanoseconds,
        ReadOnlySpan<byte> data,
        int originalLength = 0,
        ulong dropCount = 0,
        PcapNgPacketFlags flags = default,
        ReadOnlySpan<char> comment = default) =>
        WritePacket(interfaceId, unixNanoseconds, [], data, originalLength, dropCount, flags, comment);

    /// <summary>
    /// Writes a frame from a cooked packet socket (<see cref="PacketSocket.OpenCooked"/>) for an interface
    /// of LINKTYPE_LINUX_SLL2: the SLL2 header made from the frame's protocol, interface, hardware type,
    /// packet type and source address, then its bytes from the network header on, with its drop count
    /// and flags as <see cref="WritePacket(int, in PacketFrame)"/> writes them.
    /// </summary>
    public void WriteCookedPacket(int interfaceId, in PacketFrame frame)
    {
        Span<byte> header = stackalloc byte[LinuxSll2Header.Size];
        LinuxSll2Header.Write(header, frame);
        WritePacket(
            interfaceId,
            frame.TimestampNanoseconds,
            header,
            frame.Data,
            (int)Math.Min(frame.OriginalLength + (long)LinuxSll2Header.Size, int.MaxValue),
            (ulong)frame.Gap,
            PcapNgPacketFlags.FromPacketSocket(frame.Status, frame.PacketType),
            default);
    }

    /// <summary>An Enhanced Packet Block whose packet is <paramref name="header"/> then <paramref name="data"/>, cut together to the snapshot length.</summary>
    private void WritePacket(
        int interfaceId,
        long unixNanoseconds,
        ReadOnlySpan<byte> header,
        ReadOnlySpan<byte> data,
        int originalLength,
        ulong dropCount,
        PcapNgPacketFlags flags,
        ReadOnlySpan<char> comment)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        InterfaceState state = Interface(interfaceId);
        ArgumentOutOfRangeException.ThrowIfNegative(unixNanoseconds);
        if (header.Length > state.CaptureLimit)
        {
            header = header[..state.CaptureLimit];
        }

        if (header.Length + data.Length > state.CaptureLimit)
        {
            data = data[..(state.CaptureLimit - header.Length)];
        }

        int length = header.Length + data.Length;
        int commentBytes = Math.Min(Encoding.UTF8.GetMaxByteCount(comment.Length), MaxCommentBytes);
        int optionsSize = (comment.IsEmpty ? 0 : 4 + Pad(commentBytes)) + (flags.Value != 0 ? 8 : 0) + (dropCount != 0 ? 12 : 0);
        int start = BeginBlock(EnhancedPacketType, PacketHeaderSize + Pad(length) + optionsSize + 4 + 4);
        int at = start + 8;
        WriteU32(ref at, (uint)interfaceId);
        WriteTimestamp(ref at, unixNanoseconds);
        WriteU32(ref at, (uint)length);
        WriteU32(ref at, (uint)Math.Max(originalLength, length));
        header.CopyTo(_buffer.AsSpan(at));
        data.CopyTo(_buffer.AsSpan(at + header.Length));
        _buffer.AsSpan(at + length, Pad(length) - length).Clear();
        at += Pad(length);

        bool anyOption = false;
        if (!comment.IsEmpty)
        {
            WriteCommentOption(ref at, comment);
            anyOption = true;
        }

        if (flags.Value != 0)
        {
            WriteOptionHeader(ref at, EpbFlags, 4);
            WriteU32(ref at, flags.Value);
            anyOption = true;
        }

        if (dropCount != 0)
        {
            WriteOptionHeader(ref at, EpbDropCount, 8);
            WriteU64(ref at, dropCount);
            anyOption = true;
        }

        if (anyOption)
        {
            WriteOptionHeader(ref at, OptEndOfOptions, 0);
        }

        EndBlock(start, at);
        state.Count(unixNanoseconds);
        PacketsWritten++;
    }

    /// <summary>
    /// Writes a frame from a packet socket: its time, bytes, length on the wire, the frames the kernel
    /// dropped before it (epb_dropcount) and its direction and checksum state (epb_flags).
    /// </summary>
    /// <remarks>
    /// The capture's per-frame path, so it is compiled fully optimized at its first call rather than
    /// tiered up while frames arrive, and writes the block's fixed fields without a bounds check each:
    /// the block's size is checked once against the buffer. Same bytes as the general overload.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WritePacket(int interfaceId, in PacketFrame frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        InterfaceState state = Interface(interfaceId);
        ReadOnlySpan<byte> data = frame.Data;
        if (data.Length > state.CaptureLimit)
        {
            data = data[..state.CaptureLimit];
        }

        long unixNanoseconds = frame.TimestampNanoseconds;
        ArgumentOutOfRangeException.ThrowIfNegative(unixNanoseconds);
        uint flags = PcapNgPacketFlags.FromPacketSocket(frame.Status, frame.PacketType).Value;
        ulong dropCount = (ulong)frame.Gap;
        int padded = Pad(data.Length);
        int optionsSize = (flags != 0 ? 8 : 0) + (dropCount != 0 ? 12 : 0);
        optionsSize += optionsSize != 0 ? 4 : 0;
        int total = PacketHeaderSize + padded + optionsSize + 4;
        int start = BeginBlock(EnhancedPacketType, total);
        Span<byte> block = _buffer.AsSpan(start, total);
        ref byte at = ref MemoryMarshal.GetReference(block);
        Put32(ref at, 4, (uint)total);
        Put32(ref at, 8, (uint)interfaceId);
        Put32(ref at, 12, (uint)((ulong)unixNanoseconds >> 32));
        Put32(ref at, 16, (uint)unixNanoseconds);
        Put32(ref at, 20, (uint)data.Length);
        Put32(ref at, 24, (uint)Math.Max((int)Math.Min(frame.OriginalLength, int.MaxValue), data.Length));
        if (padded != data.Length)
        {
            // The padding after the data: its last word is zeroed before the data goes over its start.
            Put32(ref at, PacketHeaderSize + padded - 4, 0);
        }

        data.CopyTo(block.Slice(PacketHeaderSize));
        int option = PacketHeaderSize + padded;
        if (flags != 0)
        {
            Put32(ref at, option, EpbFlags | (4u << 16));
            Put32(ref at, option + 4, flags);
            option += 8;
        }

        if (dropCount != 0)
        {
            Put32(ref at, option, EpbDropCount | (8u << 16));
            Put32(ref at, option + 4, (uint)dropCount);
            Put32(ref at, option + 8, (uint)(dropCount >> 32));
            option += 12;
        }

        if (optionsSize != 0)
        {
            Put32(ref at, option, OptEndOfOptions);
            option += 4;
        }

        Put32(ref at, option, (uint)total);
        _pending = start + total;
        state.Count(unixNanoseconds);
        PacketsWritten++;
    }

    // A little-endian 32-bit word at an offset the caller has checked lies within the block. An
    // option header is code | length << 16 written this way: the two 16-bit fields in order.
    private static void Put32(ref byte block, int offset, uint value) =>
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref block, offset), BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));

    /// <summary>
    /// Writes an Interface Statistics Block for <paramref name="interfaceId"/>. Without one, <see cref="Dispose"/>
    /// writes one with what the writer itself knows: the first and last frame's times and the frames written.
    /// </summary>
    public void WriteStatistics(int interfaceId, PcapNgStatistics statistics)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(statistics);
        InterfaceState state = Interface(interfaceId);
        WriteStatisticsBlock(interfaceId, statistics);
        state.HasStatistics = true;
    }

    /// <summary>Hands every whole block buffered so far to the stream, in one write, and flushes the stream.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        FlushBuffer();
        _stream.Flush();
    }

    /// <summary>Writes statistics for the interfaces that have none, flushes, and closes the stream unless asked to leave it open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            for (int id = 0; id < _interfaces.Count; id++)
            {
                InterfaceState state = _interfaces[id];
                if (!state.HasStatistics)
                {
                    WriteStatisticsBlock(id, new PcapNgStatistics
                    {
                        StartNanoseconds = state.Packets > 0 ? state.FirstNanoseconds : null,
                        EndNanoseconds = state.Packets > 0 ? state.LastNanoseconds : null,
                        UserDelivered = (ulong)state.Packets,
                        Comment = StatisticsComment,
                    });
                }
            }

            FlushBuffer();
            _stream.Flush();
        }
        finally
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private InterfaceState Interface(int interfaceId)
    {
        if ((uint)interfaceId >= (uint)_interfaces.Count)
        {
            ThrowNoInterface(interfaceId);
        }

        return _interfaces[interfaceId];
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowNoInterface(int interfaceId) =>
        throw new ArgumentOutOfRangeException(nameof(interfaceId), interfaceId, $"no interface {interfaceId}: {_interfaces.Count} added");

    private void WriteSectionHeader(string application)
    {
        string os = RuntimeInformation.OSDescription;
        int start = BeginBlock(SectionHeaderType, 24 + OptionSize(os) + OptionSize(application) + 4 + 4);
        int at = start + 8;
        WriteU32(ref at, ByteOrderMagic);
        WriteU16(ref at, 1);
        WriteU16(ref at, 0);

        // Section length -1: not known while streaming.
        WriteU64(ref at, ulong.MaxValue);
        WriteStringOption(ref at, ShbOs, os);
        WriteStringOption(ref at, ShbUserApplication, application);
        WriteOptionHeader(ref at, OptEndOfOptions, 0);
        EndBlock(start, at);
    }

    private void WriteStatisticsBlock(int interfaceId, PcapNgStatistics statistics)
    {
        int counters = (statistics.InterfaceReceived.HasValue ? 1 : 0) + (statistics.InterfaceDropped.HasValue ? 1 : 0)
            + (statistics.FilterAccepted.HasValue ? 1 : 0) + (statistics.OsDropped.HasValue ? 1 : 0) + (statistics.UserDelivered.HasValue ? 1 : 0)
            + (statistics.StartNanoseconds.HasValue ? 1 : 0) + (statistics.EndNanoseconds.HasValue ? 1 : 0);
        int start = BeginBlock(InterfaceStatisticsType, 20 + OptionSize(statistics.Comment) + counters * 12 + 4 + 4);
        int at = start + 8;
        WriteU32(ref at, (uint)interfaceId);
        long when = statistics.EndNanoseconds ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        WriteTimestamp(ref at, when);
        WriteStringOption(ref at, OptComment, statistics.Comment);
        TimeOption(ref at, IsbStartTime, statistics.StartNanoseconds);
        TimeOption(ref at, IsbEndTime, statistics.EndNanoseconds);
        CounterOption(ref at, IsbIfRecv, statistics.InterfaceReceived);
        CounterOption(ref at, IsbIfDrop, statistics.InterfaceDropped);
        CounterOption(ref at, IsbFilterAccept, statistics.FilterAccepted);
        CounterOption(ref at, IsbOsDrop, statistics.OsDropped);
        CounterOption(ref at, IsbUsrDeliv, statistics.UserDelivered);
        WriteOptionHeader(ref at, OptEndOfOptions, 0);
        EndBlock(start, at);
    }

    private void TimeOption(ref int at, ushort code, long? nanoseconds)
    {
        if (nanoseconds is { } value)
        {
            WriteOptionHeader(ref at, code, 8);
            WriteTimestamp(ref at, value);
        }
    }

    private void CounterOption(ref int at, ushort code, ulong? counter)
    {
        if (counter is { } value)
        {
            WriteOptionHeader(ref at, code, 8);
            WriteU64(ref at, value);
        }
    }

    /// <summary>Reserves room for a block of at most <paramref name="maxSize"/> bytes, flushing first if it would not fit; returns where it starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BeginBlock(uint type, int maxSize)
    {
        if (_pending + maxSize > _buffer.Length)
        {
            MakeRoom(maxSize);
        }

        int start = _pending;
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(start), type);
        return start;
    }

    private void MakeRoom(int maxSize)
    {
        FlushBuffer();
        if (maxSize > _buffer.Length)
        {
            // Only for blocks larger than a batch (big frames, long comments): grows a few times per file at most.
            Array.Resize(ref _buffer, Math.Max(maxSize, _buffer.Length * 2));
        }
    }

    /// <summary>Writes the block's length at both ends; the block is then part of the next batch.</summary>
    private void EndBlock(int start, int bodyEnd)
    {
        int total = bodyEnd + 4 - start;
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(start + 4), (uint)total);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(bodyEnd), (uint)total);
        _pending = start + total;
    }

    private void FlushBuffer()
    {
        if (_pending == 0)
        {
            return;
        }

        _stream.Write(_buffer, 0, _pending);
        BytesFlushed += _pending;
        _pending = 0;
    }

    private void WriteU16(ref int at, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(at), value);
        at += 2;
    }

    private void WriteU32(ref int at, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(at), value);
        at += 4;
    }

    private void WriteU64(ref int at, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(at), value);
        at += 8;
    }

    // pcapng timestamps are two 32-bit words, high first, each in the section's byte order.
    private void WriteTimestamp(ref int at, long unixNanoseconds)
    {
        ulong ticks = (ulong)unixNanoseconds;
        WriteU32(ref at, (uint)(ticks >> 32));
        WriteU32(ref at, (uint)ticks);
    }

    private void WriteOptionHeader(ref int at, ushort code, int length)
    {
        WriteU16(ref at, code);
        WriteU16(ref at, (ushort)length);
    }

    private void WriteStringOption(ref int at, ushort code, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        WriteTextOption(ref at, code, value);
    }

    private void WriteCommentOption(ref int at, ReadOnlySpan<char> comment) => WriteTextOption(ref at, OptComment, comment);

    private void WriteTextOption(ref int at, ushort code, ReadOnlySpan<char> text)
    {
        Span<byte> value = _buffer.AsSpan(at + 4, Math.Min(Encoding.UTF8.GetMaxByteCount(text.Length), MaxCommentBytes));
        int length = Utf8Prefix(text, value);
        WriteOptionHeader(ref at, code, length);
        _buffer.AsSpan(at + length, Pad(length) - length).Clear();
        at += Pad(length);
    }

    /// <summary>Encodes as much of <paramref name="text"/> as fits, never splitting a character.</summary>
    private static int Utf8Prefix(ReadOnlySpan<char> text, Span<byte> destination)
    {
        System.Buffers.OperationStatus status = System.Text.Unicode.Utf8.FromUtf16(text, destination, out _, out int written, replaceInvalidSequences: true, isFinalBlock: true);
        return status is System.Buffers.OperationStatus.Done or System.Buffers.OperationStatus.DestinationTooSmall ? written : 0;
    }

    private static int OptionSize(string? value) =>
        string.IsNullOrEmpty(value) ? 0 : 4 + Pad(Math.Min(Encoding.UTF8.GetMaxByteCount(value.Length), MaxCommentBytes));

    private static int Pad(int length) => (length + 3) & ~3;

    private static string DefaultApplication()
    {
        string? version = typeof(PcapNgWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return "NetDrop " + (plus > 0 ? version![..plus] : version ?? "");
    }

    /// <summary>What the writer counts per interface for the statistics block it writes when the caller gives none.</summary>
    private sealed class InterfaceState(int captureLimit)
    {
        public int CaptureLimit { get; } = captureLimit;

        public long Packets { get; private set; }

        public long FirstNanoseconds { get; private set; }

        public long LastNanoseconds { get; private set; }

        public bool HasStatistics { get; set; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Count(long unixNanoseconds)
        {
            if (Packets == 0)
            {
                FirstNanoseconds = unixNanoseconds;
            }

            LastNanoseconds = unixNanoseconds;
            Packets++;
        }
    }
}
