using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using static System.FormattableString;

namespace NetDrop.CaptureFiles;

/// <summary>
/// Reads frames from a classic pcap or a pcapng file, one at a time, into one reused buffer.
/// Damaged or truncated files never throw: <see cref="TryReadNext"/> returns false and
/// <see cref="Error"/> says which frame and offset were bad, after every good frame before them
/// has been returned. Only I/O failures of the underlying stream are thrown.
/// </summary>
public sealed partial class CaptureFileReader : IDisposable
{
    /// <summary>
    /// The largest captured length accepted (libpcap's own ceiling, 256 KiB). A larger length is
    /// treated as corruption rather than a reason to allocate.
    /// </summary>
    public const int MaxCapturedLength = 256 * 1024;

    /// <summary>
    /// The most interfaces a file may describe, over all its sections. Frames refer to their section's
    /// interfaces, so none can be let go; a description block past the limit ends reading as damage.
    /// </summary>
    public const int MaxInterfaces = 4096;

    /// <summary>
    /// How many Interface Statistics Blocks are kept: the last ones read (writers put the final counters at
    /// the end). Older ones are counted in <see cref="StatisticsNotKept"/>.
    /// </summary>
    public const int MaxKeptStatistics = 1024;

    /// <summary>
    /// The most UTF-8 bytes kept of an interface's name or description or a statistics block's comment; a
    /// longer text is cut at a character boundary and ends in '…'.
    /// </summary>
    public const int MaxKeptTextBytes = 1024;

    // Grows on demand, so small captures stay small; never beyond one record or block.
    private const int InitialBufferSize = 4096;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer = new byte[InitialBufferSize];

    // Offset of the first byte not yet consumed, counted from where the reader started.
    private long _offset;
    private int _nextFrame = 1;
    private bool _finished;
    private bool _disposed;

    // Byte order of the pcap file, or of the current pcapng section.
    private bool _bigEndian;

    private CaptureFileReader(Stream stream, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        ReadFileHeader();
    }

    /// <summary>Container format, known once the file header has been read.</summary>
    public CaptureFormat Format { get; private set; }

    /// <summary>LINKTYPE_* of the first interface in the file, or -1 when the file defines none.</summary>
    public int LinkType { get; private set; } = -1;

    /// <summary>
    /// Every interface described so far, in file order across sections (the pcap file header counts as one).
    /// The list grows as reading reaches more description blocks.
    /// </summary>
    public IReadOnlyList<CaptureInterface> Interfaces => _allInterfaces;

    /// <summary>
    /// The pcapng Interface Statistics Blocks read so far, the last <see cref="MaxKeptStatistics"/> of them
    /// in file order; writers put them at the end, so read to the end first.
    /// </summary>
    public IReadOnlyList<CaptureStatistics> Statistics
    {
        get
        {
            ForgetOldStatistics(MaxKeptStatistics);
            return _statistics;
        }
    }

    /// <summary>Interface Statistics Blocks read but not kept in <see cref="Statistics"/>, because later ones were.</summary>
    public long StatisticsNotKept { get; private set; }

    /// <summary>Why reading stopped early; null while reading and after a clean end of file.</summary>
    public CaptureError? Error { get; private set; }

    /// <summary>
    /// Opens a capture file for reading, with the rights of the user who ran the process (<see cref="Files.SafeFile.OpenInput"/>).
    /// Throws only for files that cannot be used: <see cref="Files.UnusableFileException"/> (missing, no permission, not a
    /// regular file), or an <see cref="IOException"/> reading the header.
    /// </summary>
    public static CaptureFileReader Open(string path)
    {
        FileStream stream = Files.SafeFile.OpenInput(path, 64 * 1024);
        try
        {
            return new CaptureFileReader(stream, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads a capture from <paramref name="stream"/>, starting at its current position.</summary>
    public static CaptureFileReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new CaptureFileReader(stream, leaveOpen);
    }

    /// <summary>
    /// Reads the next frame. Returns false at the end of the file, or at the first damage, in which
    /// case <see cref="Error"/> is set; once false, it stays false.
    /// </summary>
    public bool TryReadNext(out CapturedRecord record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        record = default;
        if (_finished)
        {
            return false;
        }

        return Format == CaptureFormat.Pcap
            ? TryReadPcapRecord(out record)
            : TryReadPcapNgBlocks(out record, stopAfterFirstInterface: false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _finished = true;
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void ReadFileHeader()
    {
        int got = Fill(0, 4);
        if (got < 4)
        {
            FailHeader(Invariant($"file header at offset 0: the file has {got} bytes, too short for a pcap or pcapng header"));
            return;
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(_buffer);
        if (magic == PcapNgSectionHeaderType)
        {
            Format = CaptureFormat.PcapNg;
            if (ReadSectionHeader(blockOffset: 0, bytesAlreadyRead: 4))
            {
                // The first interface may follow other blocks; find it now so LinkType is known up front.
                TryReadPcapNgBlocks(out _, stopAfterFirstInterface: true);
            }

            return;
        }

        ReadPcapFileHeader(magic);
    }

    /// <summary>Reads up to <paramref name="count"/> bytes into the buffer at <paramref name="start"/>; fewer only at end of file.</summary>
    private int Fill(int start, int count)
    {
        EnsureCapacity(start + count);
        int total = 0;
        while (total < count)
        {
            int n = _stream.Read(_buffer, start + total, count - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>Moves past <paramref name="count"/> bytes without keeping them; returns how many there were.</summary>
    private long Skip(long count)
    {
        if (_stream.CanSeek)
        {
            long available = Math.Max(0, _stream.Length - _stream.Position);
            long n = Math.Min(count, available);
            _stream.Seek(n, SeekOrigin.Current);
            return n;
        }

        long skipped = 0;
        while (skipped < count)
        {
            int chunk = (int)Math.Min(_buffer.Length, count - skipped);
            int n = _stream.Read(_buffer, 0, chunk);
            if (n == 0)
            {
                break;
            }

            skipped += n;
        }

        return skipped;
    }

    private void EnsureCapacity(int size)
    {
        if (size > _buffer.Length)
        {
            // Doubling keeps growth to a handful of allocations per file, never one per frame.
            Array.Resize(ref _buffer, Math.Max(size, _buffer.Length * 2));
        }
    }

    private ushort U16(int at) => _bigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(at))
        : BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(at));

    private uint U32(int at) => _bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(at))
        : BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(at));

    private void FailHeader(string message)
    {
        Error = new CaptureError(_nextFrame, 0, message);
        _finished = true;
    }

    private bool FailFrame(long offset, string detail)
    {
        Error = new CaptureError(_nextFrame, offset, Invariant($"frame {_nextFrame} at offset {offset}: {detail}"));
        _finished = true;
        return false;
    }

    private bool FailBlock(long offset, string blockName, string detail)
    {
        Error = new CaptureError(_nextFrame, offset, Invariant($"{blockName} at offset {offset} (before frame {_nextFrame}): {detail}"));
        _finished = true;
        return false;
    }

    private static string Truncated(string what, long says, long remain) =>
        Invariant($"{what} says {says} bytes but only {remain} remain (file truncated)");
}
