using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using NetDrop.CaptureFiles;
using NetDrop.Cli.Metrics;
using NetDrop.Packet;

namespace NetDrop.Cli.Capture;

/// <summary>
/// Captures from one interface into a pcapng file, each frame with the number of frames the kernel
/// dropped before it (epb_dropcount), until Ctrl-C, --duration or --count; a progress line while it
/// runs; at the end the kernel's last statistics in an interface statistics block and a summary.
/// Exit 0, or 1 when the socket cannot be opened or fails (the file then holds every frame read).
/// </summary>
internal sealed class CaptureRunner
{
    /// <summary>How often written frames go to the file: a killed capture loses at most this much.</summary>
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>Longest a wait for frames lasts, so Ctrl-C, --duration and the progress line are never late by more.</summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(100);

    private readonly CaptureOptions _options;
    private readonly TextWriter _data;
    private readonly TextWriter _status;
    private readonly TextWriter _error;
    private readonly bool _interactive;
    private readonly CancellationToken _cancellation;
    private readonly CaptureTally _tally = new();
    private readonly Stopwatch _clock = new();
    private AnyInterfaceIds? _interfaces;
    private long _reportedFrames;
    private long _reportedGaps;

    private CaptureRunner(CaptureOptions options, TextWriter data, TextWriter status, TextWriter error, bool interactive, CancellationToken cancellation)
    {
        _options = options;
        _data = data;
        _status = status;
        _error = error;
        _interactive = interactive;
        _cancellation = cancellation;
    }

    private bool Any => _options.Interface == CaptureOptions.AnyInterface;

    /// <param name="data">Where what the command was asked for goes when it is text (--dump-filter's program): standard output.</param>
    /// <param name="status">Start, progress and summary lines: messages, since the capture's data is the file.</param>
    public static int Run(CaptureOptions options, TextWriter data, TextWriter status, TextWriter error, bool interactive, CancellationToken cancellation) =>
        new CaptureRunner(options, data, status, error, interactive, cancellation).Run();

    private int Run()
    {
        (int? linkType, string? problem) = Any ? (LinkTypes.LinuxSll2, null) : InterfaceLinkType.Of(_options.Interface);
        if (linkType is null)
        {
            _error.WriteLine("netdrop capture: " + TerminalText.Escape(problem!));
            return ExitCodes.Failed;
        }

        CaptureFilter? filter = null;
        if (_options.Filter is not null || _options.DumpFilter)
        {
            try
            {
                filter = CaptureFilter.Compile(_options.Filter ?? string.Empty, linkType.Value, _options.SnapLength);
            }
            catch (CaptureFilterException e)
            {
                _error.WriteLine("netdrop capture: " + (e.LibraryMissing ? "" : $"the filter '{TerminalText.Escape(_options.Filter ?? string.Empty)}' cannot be used: ") + TerminalText.Escape(e.Message.ReplaceLineEndings(" ")));
                return e.LibraryMissing ? ExitCodes.Failed : ExitCodes.Usage;
            }

            if (_options.DumpFilter)
            {
                foreach (string line in filter.Describe())
                {
                    _data.WriteLine(line);
                }

                _data.Flush();
                return ExitCodes.Ok;
            }
        }

        PrepareFramePath();
        PacketCapture capture;
        (int blockSize, int blockCount) = PacketCaptureOptions.RingBlocks(_options.RingBytes);
        try
        {
            capture = PacketCapture.Open(new PacketCaptureOptions
            {
                Interface = Any ? null : _options.Interface,
                InterfaceIndex = Any ? 0 : null,
                CookedFrames = Any,
                Filter = filter?.KernelProgram ?? default,
                ReceivePath = _options.ReceivePath,
                BlockSize = blockSize,
                BlockCount = blockCount,
                Promiscuous = _options.Promiscuous,
                Fanout = _options.Fanout,
            });
        }
        catch (Exception e) when (e is PacketSocketException or ArgumentException)
        {
            _error.WriteLine("netdrop capture: " + TerminalText.Escape(e.Message));
            return ExitCodes.Failed;
        }

        using (capture)
        {
            PcapNgWriter writer;
            try
            {
                writer = PcapNgWriter.Create(_options.WritePath, "netdrop capture");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _error.WriteLine("netdrop capture: --write: " + e.Message.ReplaceLineEndings(" "));
                return ExitCodes.Failed;
            }

            using (writer)
            using (MetricsExport? export = MetricsExport.Start(_options.Otlp))
            {
                int id = writer.AddInterface(_options.Interface, linkType.Value, _options.SnapLength, "captured by netdrop capture (" + Describe(_options.ReceivePath) + ")"
                    + (Any ? "; the socket's statistics for every interface, whose frames are under their own interfaces" : string.Empty)
                    + (filter is null ? string.Empty : "; filter: " + filter.Expression));
                _interfaces = Any ? new AnyInterfaceIds(writer, _options.SnapLength, "captured by netdrop capture -i any (" + Describe(_options.ReceivePath) + ")") : null;
                _status.WriteLine($"Capturing on {TerminalText.Escape(_options.Interface)} ({Describe(_options.ReceivePath)}, ring {_options.RingBytes >> 10} KiB) into {_options.WritePath}; stop with Ctrl-C.");
                if (filter is not null)
                {
                    _status.WriteLine($"Filter: {TerminalText.Escape(filter.Expression)} ({filter.InstructionCount} classic BPF instructions, run by the kernel)");
                }
                _status.Flush();
                long startNanoseconds = UnixNanoseconds();
                _clock.Start();
                (string stopReason, PacketSocketException? failure) = Capture(capture, writer, id, export);
                long trailing = Finish(capture, ref failure);
                PacketCaptureStatistics statistics = capture.Statistics;
                writer.WriteStatistics(id, new PcapNgStatistics
                {
                    StartNanoseconds = startNanoseconds,
                    EndNanoseconds = UnixNanoseconds(),
                    InterfaceReceived = (ulong)statistics.KernelPackets,
                    OsDropped = (ulong)statistics.KernelDrops,
                    UserDelivered = (ulong)_tally.Frames,
                    Comment = string.Format(CultureInfo.InvariantCulture, "netdrop: {0} frames dropped by the kernel after the last captured frame", trailing),
                });
                writer.Flush();
                if (export is not null)
                {
                    // What came since the last progress tick, the drain included, and the drops after the last frame.
                    ReportMetrics(export);
                    export.Metrics.RecordCapture(_options.Interface, 0, trailing);
                    export.Finish();
                }
                ClearProgress();
                Summarize(stopReason, statistics, trailing);
                if (failure is not null)
                {
                    string message = TerminalText.Escape(failure.Message.ReplaceLineEndings(" ").TrimEnd());
                    string end = message.EndsWith('.') ? " " : ". ";
                    _error.WriteLine($"netdrop capture: the capture failed: {message}{end}The {_tally.Frames:N0} frames read before are in {_options.WritePath}.");
                    return ExitCodes.Failed;
                }

                return ExitCodes.Ok;
            }
        }
    }

    /// <summary>The read loop: frames into the file until a stop; returns why it stopped and a socket failure if that was why.</summary>
    private (string StopReason, PacketSocketException? Failure) Capture(PacketCapture capture, PcapNgWriter writer, int id, MetricsExport? export)
    {
        TimeSpan nextProgress = TimeSpan.Zero;
        TimeSpan nextFlush = FlushInterval;
        long limit = _options.Count ?? long.MaxValue;
        while (true)
        {
            if (WriteReady(capture, writer, id, limit))
            {
                return ($"--count {limit} reached", null);
            }

            TimeSpan elapsed = _clock.Elapsed;
            if (elapsed >= nextFlush)
            {
                writer.Flush();
                nextFlush = elapsed + FlushInterval;
            }

            if (elapsed >= nextProgress)
            {
                Progress(capture);
                if (export is not null)
                {
                    ReportMetrics(export);
                }
                nextProgress = elapsed + (_interactive ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(10));
            }

            if (_options.Duration is { } duration && elapsed >= duration)
            {
                return Drained(capture, writer, id, $"--duration {duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            }

            if (_cancellation.IsCancellationRequested)
            {
                return Drained(capture, writer, id, "interrupted");
            }

            try
            {
                capture.Wait(WaitSlice, _cancellation);
            }
            catch (OperationCanceledException)
            {
                return Drained(capture, writer, id, "interrupted");
            }
            catch (PacketSocketException e)
            {
                return ("the socket failed", e);
            }
        }
    }

    /// <summary>
    /// Writes every frame that is ready; true once <paramref name="limit"/> frames are written. The
    /// per-frame loop holds nothing else (clocks, progress and flushes are per wait), and is compiled
    /// fully optimized at its first call: no slow first frames, no recompiling while frames arrive.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool WriteReady(PacketCapture capture, PcapNgWriter writer, int id, long limit)
    {
        CaptureTally tally = _tally;
        if (_interfaces is not null)
        {
            // -i any: each frame goes under its own interface, with the cooked header built from its address.
            while (capture.TryRead(out PacketFrame cooked))
            {
                Write(writer, id, cooked);
                if (tally.Frames >= limit)
                {
                    return true;
                }
            }

            return false;
        }

        while (capture.TryRead(out PacketFrame frame))
        {
            writer.WritePacket(id, frame);
            tally.Count(frame.CapturedLength, frame.Gap, frame.TimestampNanoseconds);
            if (tally.Frames >= limit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Compiles the frame loop and the pcapng writer's frame method before the socket is bound: left to
    /// the first frame, compiling them stalls the reader while the ring fills at full rate.
    /// </summary>
    private static void PrepareFramePath()
    {
        RuntimeHelpers.PrepareMethod(typeof(CaptureRunner).GetMethod(nameof(WriteReady), BindingFlags.Instance | BindingFlags.NonPublic)!.MethodHandle);
        RuntimeHelpers.PrepareMethod(typeof(PcapNgWriter).GetMethod(nameof(PcapNgWriter.WritePacket), [typeof(int), typeof(PacketFrame).MakeByRefType()])!.MethodHandle);
    }

    /// <summary>Takes the frames the kernel still holds (the last TPACKET_V3 block is handed over by its timer) before stopping.</summary>
    private (string StopReason, PacketSocketException? Failure) Drained(PacketCapture capture, PcapNgWriter writer, int id, string reason)
    {
        try
        {
            capture.Drain(CancellationToken.None);
            while (capture.TryRead(out PacketFrame frame))
            {
                Write(writer, id, frame);
            }
        }
        catch (PacketSocketException e)
        {
            return (reason, e);
        }

        return (reason, null);
    }

    /// <summary>The frames and gap frames counted since the last report, to netdrop.capture.frames and .dropped_frames.</summary>
    private void ReportMetrics(MetricsExport export)
    {
        export.Metrics.RecordCapture(_options.Interface, _tally.Frames - _reportedFrames, _tally.GapFrames - _reportedGaps);
        _reportedFrames = _tally.Frames;
        _reportedGaps = _tally.GapFrames;
    }

    private void Write(PcapNgWriter writer, int id, in PacketFrame frame)
    {
        if (_interfaces is { } interfaces)
        {
            writer.WriteCookedPacket(interfaces.Of(frame.InterfaceIndex), frame);
        }
        else
        {
            writer.WritePacket(id, frame);
        }

        _tally.Count(frame.CapturedLength, frame.Gap, frame.TimestampNanoseconds);
    }

    /// <summary>The kernel's statistics a last time: the drops after the last frame (0 when the socket cannot say any more).</summary>
    private static long Finish(PacketCapture capture, ref PacketSocketException? failure)
    {
        try
        {
            return capture.Finish();
        }
        catch (PacketSocketException e)
        {
            failure ??= e;
            return ExitCodes.Ok;
        }
    }

    private void Progress(PacketCapture capture)
    {
        string line = string.Format(
            CultureInfo.InvariantCulture,
            "{0,7:0.0} s  {1:N0} frames  {2:N0} bytes  {3:N0} dropped by the kernel",
            _clock.Elapsed.TotalSeconds,
            _tally.Frames,
            _tally.Bytes,
            Math.Max(_tally.GapFrames, capture.Statistics.KernelDrops));
        if (_interactive)
        {
            _error.Write("\r" + line + "   ");
        }
        else
        {
            _error.WriteLine(line);
        }

        _error.Flush();
    }

    private void ClearProgress()
    {
        if (_interactive)
        {
            _error.Write("\r" + new string(' ', 79) + "\r");
            _error.Flush();
        }
    }

    private void Summarize(string stopReason, PacketCaptureStatistics statistics, long trailing)
    {
        _status.WriteLine($"Stopped after {_clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s ({stopReason}).");
        _status.WriteLine($"Captured {_tally.Frames:N0} frames ({_tally.Bytes:N0} bytes) into {_options.WritePath}.");
        _status.WriteLine($"Dropped by the kernel: {statistics.KernelDrops:N0} of {statistics.KernelPackets:N0} frames that reached the socket: {_tally.GapFrames:N0} in {_tally.Gaps:N0} {(_tally.Gaps == 1 ? "gap" : "gaps")} before captured frames, {trailing:N0} after the last one.");
        if (_tally.LargestGap > 0)
        {
            string when = DateTimeOffset.FromUnixTimeMilliseconds(_tally.LargestGapTimeNanoseconds / 1_000_000).UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
            _status.WriteLine($"Largest gap: {_tally.LargestGap:N0} frames lost before frame {_tally.LargestGapBeforeFrame:N0} (at {when} UTC).");
        }

        _status.Flush();
    }

    private static string Describe(PacketReceivePath path) => path switch
    {
        PacketReceivePath.RingV3 => "TPACKET_V3 ring",
        PacketReceivePath.RingV2 => "TPACKET_V2 ring",
        _ => "recvmsg",
    };

    private static long UnixNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
