using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Threading;
using NetDrop.Bpf;
using NetDrop.Bpf.Btf;
using NetDrop.CaptureFiles;
using NetDrop.Cli.Metrics;
using NetDrop.Cli.Output;
using NetDrop.Cli.Watch.Filter;
using NetDrop.Kernel;
using NetDrop.NetDm;
using NetDrop.Netlink.Generic;
using NetDrop.Netlink.Sockets;
using NetDrop.Tracing;
using Spectre.Console;

namespace NetDrop.Cli.Watch;

/// <summary>
/// Opens the drop source, reads drops until Ctrl-C, --duration or --count, feeds the ones the filter
/// keeps to every sink, and ends with totals and what the source lost. Exit 0, or 1 when the source
/// cannot be opened or fails; 2 when the kernel rejects --kernel-filter.
/// </summary>
internal sealed class WatchRunner
{
    /// <summary>How often the live table is redrawn.</summary>
    private static readonly TimeSpan LiveRefresh = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest a wait for drops lasts, so Ctrl-C, --duration and redraws are never late by more.</summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(100);

    /// <summary>How often --json asks the source for its loss, to write a loss record where it grew.</summary>
    private static readonly TimeSpan LossCheckEvery = TimeSpan.FromSeconds(1);
    /// <summary>Frames of kernel stack --stack records: deep enough to reach the syscall or softirq entry of a drop.</summary>
    private const int StackFrames = 32;

    private readonly WatchOptions _options;
    private readonly WatchOutput _output;
    private readonly CancellationToken _cancellation;
    private readonly Stopwatch _clock = new();
    private readonly List<IDropSink> _sinks = new();
    private readonly List<DropEvent> _batch = new();
    private long _seen;
    private long _matched;

    /// <summary>The filter, with the part the BPF program tests split off.</summary>
    private DropFilter _filter = DropFilter.All;
    private MetricsExport? _export;
    private JsonDropSink? _lossRecords;
    private long _lossReported;
    private TimeSpan _nextLossCheck = LossCheckEvery;

    private WatchRunner(WatchOptions options, WatchOutput output, CancellationToken cancellation)
    {
        _options = options;
        _output = output;
        _cancellation = cancellation;
    }

    public static int Run(WatchOptions options, WatchOutput output, CancellationToken cancellation) =>
        new WatchRunner(options, output, cancellation).Run();

    private int Run()
    {
        DropMonitor monitor;
        _filter = _options.Filter.SplitForKernel(KernelReasonTable.ReadEntries());
        try
        {
            monitor = DropMonitor.Open(new DropMonitorOptions
            {
                TakeOverNetDm = _options.TakeOverNetDm,
                HardwareDrops = _options.HardwareDrops,
                Source = _options.Source,
                Tracepoint = _options.BufferBytes is { } tracepointBuffer
                    ? new KfreeSkbOptions { Filter = _options.KernelFilter, BufferSizeKilobytes = tracepointBuffer >> 10 }
                    : new KfreeSkbOptions { Filter = _options.KernelFilter },
                NetDm = _options.BufferBytes is { } receiveBuffer ? new NetDmClientOptions { ReceiveBufferBytes = receiveBuffer } : new NetDmClientOptions(),
                Bpf = _options.BufferBytes is { } ring
                    ? new NetDrop.Bpf.BpfDropSourceOptions { RingBufferSize = (int)BitOperations.RoundUpToPowerOf2((uint)ring), Filter = _filter.Kernel, StackFrames = _options.Stack ? StackFrames : 0 }
                    : new NetDrop.Bpf.BpfDropSourceOptions { Filter = _filter.Kernel, StackFrames = _options.Stack ? StackFrames : 0 },
            });
        }
        catch (ArgumentException e) when (_options.KernelFilter is not null)
        {
            _output.Error.WriteLine("netdrop watch: --kernel-filter: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (_options.Source == DropSourcePreference.Bpf && e is BpfException or BtfFormatException or BtfLookupException
            or TracefsUnavailableException or UnauthorizedAccessException or IOException)
        {
            _output.Error.WriteLine("netdrop watch: NetDrop's BPF program cannot be used: " + OneLine(CommandAdvice.Word(e.Message))
                + " (--source auto falls back to NET_DM or the skb:kfree_skb tracepoint)");
            PrintVerifierLog(e);
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is NetDrop.Bpf.BpfException or NetDrop.Bpf.Btf.BtfFormatException or NetDrop.Bpf.Btf.BtfLookupException)
        {
            _output.Error.WriteLine("netdrop watch: " + OneLine(CommandAdvice.Word(e.Message)));
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is DropSourceUnavailableException or NetDmUnavailableException or TracefsUnavailableException
            or NetlinkRequestException or NetlinkSocketException or GenericNetlinkFamilyNotFoundException or UnauthorizedAccessException or IOException)
        {
            _output.Error.WriteLine("netdrop watch: " + OneLine(CommandAdvice.Word(e.Message)));
            if (e.InnerException is AggregateException all)
            {
                foreach (Exception inner in all.InnerExceptions)
                {
                    PrintVerifierLog(inner);
                }
            }

            return ExitCodes.Failed;
        }

        // The file only once the source is open: a start that fails leaves an existing file as it was
        // and creates none. (The command checked the path before anything started; this open checks
        // again, on the descriptor, with the rights of the user who ran the command.)
        PcapNgDropSink? file = null;
        if (_options.WritePath is { } path)
        {
            try
            {
                file = new PcapNgDropSink(new DropCaptureWriter(PcapNgWriter.Create(path)) { KernelAddresses = _options.KernelAddresses }, path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                monitor.Dispose();
                _output.Error.WriteLine($"netdrop watch: --write: {OneLine(e.Message)}");
                return ExitCodes.Failed;
            }
        }

        try
        {
            return Run(monitor, file);
        }
        finally
        {
            // Normally closed with the source's loss after the totals; this only catches early returns and failures.
            file?.Close(null);
        }
    }

    private int Run(DropMonitor monitor, PcapNgDropSink? file)
    {
        using (monitor)
        using (_export = MetricsExport.Start(_options.Otlp))
        {
            _output.Info("Source: " + OneLine(CommandAdvice.Word(monitor.Explanation)));
            if (monitor.BpfFailure is { } bpfFailure)
            {
                PrintVerifierLog(bpfFailure);
            }

            foreach (string stale in monitor.Tracepoint?.RemovedStaleInstances ?? [])
            {
                _output.Info($"Removed the tracefs instance {stale}, left by a NetDrop process that is gone (killed before it could clean up).");
            }

            foreach (string foreign in monitor.Tracepoint?.UnverifiableInstances ?? [])
            {
                _output.Info($"Left the tracefs instance {foreign} alone: it belongs to another PID namespace, which this process cannot see into; if its NetDrop is gone, remove it with rmdir, or run netdrop once from the host's PID namespace.");
            }

            if (monitor.Source != DropSource.NetDm && KernelSymbols.Running is null)
            {
                _output.Info(_options.KernelAddresses
                    ? "Kernel functions are shown as addresses: /proc/kallsyms hides them from this process (it needs CAP_SYSLOG, or root)."
                    : "Kernel functions are shown as unknown: /proc/kallsyms hides them from this process (it needs CAP_SYSLOG, or root); --kernel-addresses shows the raw addresses.");
            }

            if (_options.KernelFilter is not null && monitor.Source == DropSource.NetDm)
            {
                _output.Info("--kernel-filter is not used: it applies to the skb:kfree_skb tracepoint, and NET_DM has no kernel-side filter.");
            }
            else if (_options.KernelFilter is not null && monitor.Source == DropSource.Bpf)
            {
                _output.Info("--kernel-filter is not used: it is in tracefs syntax, which only --source tracepoint applies.");
            }
            else if (_options.KernelFilter is not null)
            {
                _output.Info("Kernel filter: " + KernelFilterShown);
            }

            if (_options.HardwareDrops && monitor.Source != DropSource.NetDm)
            {
                _output.Info("--hardware is not used: only NET_DM reports drops in devices.");
            }

            if (!SourceServesTheOptions(monitor.Source))
            {
                return ExitCodes.Usage;
            }

            if (_options.Filter.Text.Length > 0)
            {
                _output.Info("Filter: " + _options.Filter.Text);
            }

            DropRateTable? table = null;
            if (_options.Json)
            {
                var json = new JsonDropSink(_output.Stdout, _options.KernelAddresses);
                _lossRecords = json;
                _sinks.Add(json);
            }
            else if (_options.Mode == WatchMode.Packet)
            {
                _sinks.Add(new PacketLineSink(new StreamWriter(_output.Stdout, new UTF8Encoding(false), 1 << 16, leaveOpen: true), _options.KernelAddresses));
            }
            else
            {
                table = new DropRateTable(_clock, _options.KernelAddresses);
                _sinks.Add(table);
            }

            if (_export is not null)
            {
                _sinks.Add(new MetricsSink(_export.Metrics));
            }

            if (file is not null)
            {
                _sinks.Add(file);
                _output.Info("Writing the drops to " + file.Path + ".");
            }

            string stoppedBy;
            Exception? failure = null;
            _clock.Start();
            try
            {
                if (table is not null && _output.IsInteractive)
                {
                    stoppedBy = "";
                    _output.Console.Live(table.Render(Caption(monitor, table), LiveRows()))
                        .AutoClear(false)
                        .Overflow(VerticalOverflow.Ellipsis)
                        .Start(live => stoppedBy = Loop(monitor, () => live.UpdateTarget(table.Render(Caption(monitor, table), LiveRows()))));
                }
                else
                {
                    stoppedBy = Loop(monitor, table is null ? null : () => PrintSnapshot(monitor, table));
                    if (table is not null)
                    {
                        PrintSnapshot(monitor, table);
                    }
                }
            }
            catch (OutputClosedException e) when (e.IsBrokenPipe)
            {
                // The reader of standard output is gone ('| head -2'): stop as Ctrl-C would, quietly.
                stoppedBy = "standard output closed";
            }
            catch (OutputClosedException e)
            {
                stoppedBy = "standard output failed";
                failure = e;
            }
            catch (Exception e) when (e is IOException or NetlinkSocketException or NetlinkRequestException or InvalidOperationException)
            {
                stoppedBy = "a failure of the source";
                failure = e;
            }
            catch (Exception e)
            {
                // Anything else (an output that fails in an unexpected way, a fault in a sink) still ends the run
                // here, with the totals and one line, and the source is stopped and its tracefs instance removed:
                // an exception nothing catches ends the process without running the monitor's Dispose.
                stoppedBy = "a failure while handling drops";
                failure = e;
            }
            finally
            {
                foreach (IDropSink sink in _sinks)
                {
                    // The JSON sink writes the final loss record with the totals, below.
                    if (sink != _lossRecords)
                    {
                        (sink as IDisposable)?.Dispose();
                    }
                }
            }

            DropLoss loss = PrintTotals(monitor, stoppedBy);
            _lossRecords?.Dispose();
            if (file is not null)
            {
                file.Close(loss);
                _output.Info(string.Create(CultureInfo.InvariantCulture, $"Wrote {file.Written} drops to {file.Path}."));
            }

            if (_export is not null && !_export.Finish())
            {
                _output.Error.WriteLine($"netdrop watch: the drop counts did not reach the collector at {EndpointText.Redact(_options.Otlp!.Endpoint)} within 10 s");
                return ExitCodes.Failed;
            }
            if (failure is not null)
            {
                _output.Error.WriteLine("netdrop watch: " + (failure is OutputClosedException ? "writing drops failed: " : "reading drops failed: ") + OneLine(failure is IOException or NetlinkSocketException or NetlinkRequestException or InvalidOperationException
                    ? failure.Message : $"{failure.GetType().Name}: {failure.Message}"));
                return ExitCodes.Failed;
            }

            return ExitCodes.Ok;
        }
    }

    /// <summary>Reads and dispatches until a stop condition; returns what stopped it.</summary>
    private string Loop(DropMonitor monitor, Action? refresh)
    {
        TimeSpan refreshEvery = refresh is null ? TimeSpan.MaxValue
            : _output.IsInteractive ? LiveRefresh
            : _options.Interval ?? TimeSpan.MaxValue;
        TimeSpan nextRefresh = refreshEvery;
        string? stoppedBy = null;
        while (stoppedBy is null)
        {
            if (_cancellation.IsCancellationRequested)
            {
                stoppedBy = "interrupted";
                break;
            }

            if (_output.Stdout is StandardOutput && StandardOutput.ReaderGone())
            {
                stoppedBy = "standard output closed";
                break;
            }

            if (_options.Duration is { } duration && _clock.Elapsed >= duration)
            {
                stoppedBy = "--duration " + duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s";
                break;
            }

            monitor.Wait(WaitSlice);
            if (_lossRecords is not null && _clock.Elapsed >= _nextLossCheck)
            {
                WriteLossIfGrown(monitor);
                _nextLossCheck = _clock.Elapsed + LossCheckEvery;
            }

            if (ReadBatch(monitor))
            {
                stoppedBy = "--count " + _options.Count!.Value.ToString(CultureInfo.InvariantCulture) + " reached";
            }

            if (_clock.Elapsed >= nextRefresh)
            {
                refresh!();
                nextRefresh = _clock.Elapsed + refreshEvery;
            }
        }

        // Drops the kernel recorded before the stop are still delivered (unless --count is already met), batch by batch.
        if (!stoppedBy.StartsWith("--count", StringComparison.Ordinal))
        {
            for (int round = 0; round < DropMonitor.BatchesToDrain; round++)
            {
                if (ReadBatch(monitor))
                {
                    stoppedBy += "; --count reached while draining";
                    break;
                }

                if (_batch.Count < DropMonitor.BatchSize)
                {
                    break;
                }
            }
        }

        // The live view shows its final state; redirected output prints the table once, after this.
        if (_output.IsInteractive)
        {
            refresh?.Invoke();
        }

        return stoppedBy;
    }

    /// <summary>Reads what is ready and feeds the sinks; true when --count is reached.</summary>
    private bool ReadBatch(DropMonitor monitor)
    {
        _batch.Clear();
        monitor.ReadAvailable(_batch);
        bool reached = false;
        foreach (DropEvent drop in _batch)
        {
            _seen++;
            var watched = new WatchedDrop(drop);
            if (!_filter.Matches(watched))
            {
                continue;
            }

            _matched++;
            foreach (IDropSink sink in _sinks)
            {
                sink.Write(watched);
            }

            if (_matched == _options.Count)
            {
                reached = true;
                break;
            }
        }

        foreach (IDropSink sink in _sinks)
        {
            sink.Flush();
        }

        return reached;
    }

    // Each printed table says when it was printed: a file of --interval tables is a time series.
    // (A line of its own: the caption is wrapped to the table's width.)
    private void PrintSnapshot(DropMonitor monitor, DropRateTable table)
    {
        _output.Console.WriteLine("At " + WallClock() + ":");
        _output.Console.Write(table.Render(Caption(monitor, table), border: TableBorder.Simple));
    }

    private string Caption(DropMonitor monitor, DropRateTable table) => string.Create(CultureInfo.InvariantCulture,
        $"{table.Total} drops{(_options.Filter.Text.Length > 0 ? $" matched ({_seen} seen)" : "")} in {_clock.Elapsed.TotalSeconds:0.0} s from {Name(monitor.Source)}");

    private static string WallClock() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>--kernel-filter as written, and as the kernel reads it when reason names were turned into numbers.</summary>
    private string KernelFilterShown => _options.KernelFilterWritten is { } written && written != _options.KernelFilter
        ? $"{written} (as the kernel reads it: {_options.KernelFilter})"
        : _options.KernelFilter ?? "";

    /// <summary>
    /// Warns (or with --strict refuses, false) when --filter tests a field, or --write needs the packet
    /// bytes, that <paramref name="source"/> does not provide: such a filter matches nothing.
    /// </summary>
    private bool SourceServesTheOptions(DropSource source)
    {
        var wanted = new List<(string Field, string Option)>();
        foreach (string field in _options.Filter.Fields)
        {
            wanted.Add((field, "--filter"));
        }

        if (_options.WritePath is not null)
        {
            wanted.Add(("payload", "--write"));
        }

        bool served = true;
        foreach ((string field, string option) in wanted)
        {
            IReadOnlyList<DropSource> providers = FieldSources.ProvidedBy(field);
            if (providers.Contains(source))
            {
                continue;
            }

            string others = string.Join(" or ", providers.Select(p => "--source " + FieldSources.Name(p)));
            string what = field == "payload"
                ? $"{option}: {FieldSources.Name(source)} gives no packet bytes, so the file holds only each drop's reason, function and protocol"
                : $"{option}: {FieldSources.Name(source)} does not provide the field '{field}', so no drop will match a test of it";
            string advice = providers.Count == 0 ? "" : $"; {others} provides it";
            if (_options.Strict)
            {
                _output.Error.WriteLine($"netdrop watch: {what}{advice} (refused under --strict)");
                served = false;
            }
            else
            {
                _output.Info($"Warning: {what}{advice}.");
            }
        }

        return served;
    }

    /// <summary>Under --json, a loss record when the source's loss grew since the last one: a log shipper sees the gap where it happened.</summary>
    private void WriteLossIfGrown(DropMonitor monitor)
    {
        DropLoss loss;
        try
        {
            loss = monitor.ReadLoss();
        }
        catch (Exception e) when (e is IOException or NetlinkSocketException or NetlinkRequestException or InvalidOperationException)
        {
            // Asked again at the end, where a failure is reported.
            return;
        }

        if (loss.Lost > _lossReported)
        {
            _lossRecords!.WriteLoss(monitor.Source, loss.Lost - _lossReported, loss.Lost, loss.Detail, final: false);
            _lossReported = loss.Lost;
        }
    }

    /// <summary>Rows that fit the terminal under the source line, headers and caption.</summary>
    private int LiveRows() => Math.Max(3, _output.Console.Profile.Height - 10);

    private DropLoss PrintTotals(DropMonitor monitor, string stoppedBy)
    {
        DropLoss loss;
        try
        {
            loss = monitor.ReadLoss();
        }
        catch (Exception e) when (e is IOException or NetlinkSocketException or NetlinkRequestException or InvalidOperationException)
        {
            loss = new DropLoss(-1, "the source could not say: " + OneLine(e.Message));
        }

        if (loss.Lost > 0)
        {
            _export?.Metrics.RecordLost(monitor.Source, loss.Lost, "source");
        }

        if (_lossRecords is not null && loss.Lost >= 0)
        {
            try
            {
                _lossRecords.WriteLoss(monitor.Source, Math.Max(0, loss.Lost - _lossReported), loss.Lost, loss.Detail, final: true);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or NotSupportedException)
            {
                // The output is gone or failed (said below); the totals still say the loss.
            }
        }

        _output.Info(string.Create(CultureInfo.InvariantCulture, $"Stopped after {_clock.Elapsed.TotalSeconds:0.0} s ({stoppedBy})."));
        string kernelFilter = _options.KernelFilter is not null && monitor.Source != DropSource.NetDm ? $" (kernel filter: {KernelFilterShown})" : "";
        string filtered = _options.Filter.Text.Length > 0 ? $"matched the filter: {_matched}" : _options.KernelFilter is null ? "no filter" : "no --filter";
        _output.Info(string.Create(CultureInfo.InvariantCulture,
            $"Drops seen: {_seen} from {Name(monitor.Source)}{kernelFilter}; {filtered}."));
        if (monitor.Bpf is { } bpf && _filter.Kernel is not null)
        {
            _output.Info(KernelFilterTotals(bpf));
        }
        string lost = loss.Lost < 0 ? "unknown" : loss.Lost.ToString(CultureInfo.InvariantCulture);
        _output.Info($"Lost by the source: {lost} ({loss.Detail}).{(loss.Lost > 0 ? " The picture above is incomplete." : "")}");
        return loss;
    }

    private static string Name(DropSource source) => source switch
    {
        DropSource.NetDm => "NET_DM",
        DropSource.Bpf => "BPF on skb:kfree_skb",
        _ => "the skb:kfree_skb tracepoint",
    };

    /// <summary>With --verbose, the verifier's whole log when it rejected the BPF program; one line saying how to see it otherwise.</summary>
    private void PrintVerifierLog(Exception e)
    {
        if (e is not BpfVerifierException rejected)
        {
            return;
        }

        if (!_options.Verbose)
        {
            _output.Error.WriteLine("netdrop watch: --verbose prints the verifier's log.");
            return;
        }

        _output.Error.WriteLine("netdrop watch: the verifier's log:");
        foreach (string line in rejected.Log.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Length > 0)
            {
                _output.Error.WriteLine("  " + TerminalText.Escape(line));
            }
        }
    }

    /// <summary>What the BPF program's filter did; the counters may be unreadable once the source failed.</summary>
    private static string KernelFilterTotals(NetDrop.Bpf.BpfDropSource bpf)
    {
        try
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Filtered in the kernel: {bpf.ReadKernelFilteredOut()} drops kept out, {bpf.ReadKernelDelivered()} delivered.");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or NetDrop.Bpf.BpfException)
        {
            return "Filtered in the kernel: the counts could not be read: " + OneLine(e.Message);
        }
    }

    // Messages quote kernel, tracefs and file text: one line, and nothing a terminal would act on.
    private static string OneLine(string message) => TerminalText.Escape(message.ReplaceLineEndings(" "));
}
