using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using NetDrop.CaptureFiles;
using NetDrop.Testing;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// pcap and pcapng files through <see cref="CaptureFileReader"/>: it never throws on data, every frame
/// it returns is the file's own bytes at the offset it names, damage is reported once with an offset
/// inside the file, and a pipe (no seeking, short reads) gives exactly what a file gives. What outlives a
/// block stays within the reader's bounds: interfaces, kept statistics blocks and their texts.
/// </summary>
internal sealed class CaptureFileTarget : FuzzTarget
{
    private const uint PcapNgSimplePacketType = 3;
    private const uint PcapNgSimplePacketTypeSwapped = 0x03000000;

    public override string Name => "capture";

    public override string Description => "pcap and pcapng files (CaptureFileReader), seekable and as a pipe";

    public override void Run(ReadOnlySpan<byte> input)
    {
        byte[] bytes = input.ToArray();
        List<string> fromFile = Read(new MemoryStream(bytes, writable: false), bytes);
        List<string> fromPipe = Read(new NonSeekableStream(bytes), bytes);
        Invariants.That(fromFile.Count == fromPipe.Count, $"a file gave {fromFile.Count} results, a pipe {fromPipe.Count}");
        for (int i = 0; i < fromFile.Count; i++)
        {
            Invariants.That(fromFile[i] == fromPipe[i], $"result {i} differs: file '{fromFile[i]}', pipe '{fromPipe[i]}'");
        }
    }

    private static List<string> Read(Stream stream, byte[] file)
    {
        var results = new List<string>();
        using CaptureFileReader reader = CaptureFileReader.Open(stream);
        results.Add($"format {reader.Format} link {reader.LinkType}");
        int frames = 0;
        long lastOffset = -1;
        while (reader.TryReadNext(out CapturedRecord record))
        {
            frames++;
            Invariants.That(record.FrameNumber == frames, $"frame {frames} is numbered {record.FrameNumber}");
            Invariants.That(record.FileOffset > lastOffset && record.FileOffset < file.Length, $"frame {frames} at offset {record.FileOffset}, after {lastOffset}, in {file.Length} bytes");
            Invariants.That(record.Data.Length <= CaptureFileReader.MaxCapturedLength, $"frame {frames} has {record.Data.Length} bytes");
            Invariants.That(record.OriginalLength >= 0, $"frame {frames} has original length {record.OriginalLength}");
            lastOffset = record.FileOffset;

            int dataStart = DataStart(reader.Format, file, record.FileOffset);
            Invariants.That(record.FileOffset + dataStart + record.Data.Length <= file.Length, $"frame {frames}'s data runs past the end of the file");
            Invariants.That(file.AsSpan((int)record.FileOffset + dataStart, record.Data.Length).SequenceEqual(record.Data), $"frame {frames}'s data is not the file's bytes at offset {record.FileOffset + dataStart}");
            if (!record.CommentUtf8.IsEmpty)
            {
                Invariants.That(file.AsSpan((int)record.FileOffset).IndexOf(record.CommentUtf8) >= 0, $"frame {frames}'s comment is not in its block");
            }

            results.Add($"frame {record.FrameNumber} at {record.FileOffset}: if {record.InterfaceId} link {record.LinkType} ts {record.HasTimestamp}/{record.TimestampNanoseconds} len {record.Data.Length}/{record.OriginalLength} drops {record.DropCount} comment {record.CommentUtf8.Length}");
        }

        CaptureError? error = reader.Error;
        if (error is not null)
        {
            Invariants.That(error.FrameNumber == frames + 1, $"the error names frame {error.FrameNumber} after {frames} good frames");
            Invariants.That(error.Offset >= 0 && error.Offset <= file.Length, $"the error's offset {error.Offset} is outside the {file.Length}-byte file");
            Invariants.That(error.Message.Length > 0, "the error has no message");
            results.Add("error " + error.Message);
        }

        Invariants.That(!reader.TryReadNext(out _), "the reader read again after it had stopped");
        Invariants.That(reader.Interfaces.Count <= CaptureFileReader.MaxInterfaces, $"{reader.Interfaces.Count} interfaces kept");
        Invariants.That(reader.Statistics.Count <= CaptureFileReader.MaxKeptStatistics, $"{reader.Statistics.Count} statistics blocks kept");
        Invariants.That(reader.StatisticsNotKept >= 0 && (reader.StatisticsNotKept == 0 || reader.Statistics.Count == CaptureFileReader.MaxKeptStatistics),
            $"{reader.StatisticsNotKept} statistics blocks not kept while {reader.Statistics.Count} are");
        foreach (CaptureInterface captured in reader.Interfaces)
        {
            Kept(captured.Name, "an interface name");
            Kept(captured.Description, "an interface description");
        }

        foreach (CaptureStatistics statistics in reader.Statistics)
        {
            Kept(statistics.Counters.Comment, "a statistics comment");
        }

        results.Add($"statistics {reader.Statistics.Count} kept {reader.StatisticsNotKept} not");
        return results;
    }

    // The bound is on what is held: at most MaxKeptTextBytes bytes of the file are decoded, and no byte
    // decodes to more than one UTF-16 character (a byte that is not UTF-8 becomes one U+FFFD, which
    // re-encodes as three bytes, so a UTF-8 byte count of the kept text would overstate it), plus the ellipsis.
    private static void Kept(string? text, string what) =>
        Invariants.That(text is null || text.Length <= CaptureFileReader.MaxKeptTextBytes + 1, $"{what} of {text?.Length} characters was kept");

    /// <summary>Where a frame's bytes start in its record or block.</summary>
    private static int DataStart(CaptureFormat format, byte[] file, long offset)
    {
        if (format == CaptureFormat.Pcap)
        {
            return 16;
        }

        // Block types 2, 3 and 6 read differently in either byte order, so the section's order is not needed.
        uint type = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)offset));
        return type is PcapNgSimplePacketType or PcapNgSimplePacketTypeSwapped ? 12 : 28;
    }
}
