using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using NetDrop.CaptureFiles;
using NetDrop.Cli.Metrics;
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
                Source = _options.Source,
                Tracepoint = new KfreeSkbOptions { Filter = _options.KernelFilter },
                Bpf = new NetDrop.Bpf.BpfDropSourceOptions { Filter = _filter.Kernel, StackFrames = _options.Stack ? StackFrames : 0 },
            });
        }
        catch (Exception e) when (e is NetDrop.Bpf.BpfException or NetDrop.Bpf.Btf.BtfFormatException or NetDrop.Bpf.Btf.BtfLookupException)
        {
            _output.Error.WriteLine("netdrop watch: " + OneLine(CommandAdvice.Word(e.Message)));
            return ExitCodes.Failed;
        }
        catch (ArgumentException e) when (_options.KernelFilter is not null)
        {
            _output.Error.WriteLine("netdrop watch: --kernel-filter: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is DropSourceUnavailableException or NetDmUnavailableException or TracefsUnavailableException
            or NetlinkRequestException or NetlinkSocketException or GenericNetlinkFamilyNotFoundException or UnauthorizedAccessException or IOException)
        {
            _output.Error.WriteLine("netdrop watch: " + OneLine(CommandAdvice.Word(e.Message)));
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
            _output.Info("Source: " + CommandAdvice.Word(monitor.Explanation));
            foreach (string stale in monitor.Tracepoint?.RemovedStaleInstances ?? [])
            {
                _output.Info($"Removed the tracefs instance {stale}, left by a NetDrop process that is gone (killed before it could clean up).");
            }

            foreach (string foreign in monitor.Tracepoint?.UnverifiableInstances ?? [])
            {
                _output.Info($"Left the tracefs instance {foreign} alone: it belongs to another PID namespace, which this process cannot see into; if its NetDrop is gone, remove it with rmdir, or run netdrop once from the host's PID namespace.");
            }

            if (monitor.Source == DropSource.Tracepoint && KernelSymbols.Running is null)
            {
                _output.Info(_options.KernelAddresses
                    ? "Kernel functions are shown as addresses: /proc/kallsyms hides them from this process (it needs CAP_SYSLOG, or root)."
                    : "Kernel functions are shown as unknown: /proc/kallsyms hides them from this process (it needs CAP_SYSLOG, or root); --kernel-addresses shows the raw addresses.");
            }

            if (_options.KernelFilter is not null && monitor.Source == DropSource.NetDm)
            {
                _output.Info("--kernel-filter is not used: it applies to the skb:kfree_skb tracepoint, and NET_DM has no kernel-side filter.");
            }

            if (_options.Filter.Text.Length > 0)
            {
                _output.Info("Filter: " + _options.Filter.Text);
            }

            DropRateTable? table = null;
            if (_options.Json)
            {
                _sinks.Add(new JsonDropSink(_output.Stdout, _options.KernelAddresses));
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
                        _output.Console.Write(table.Render(Caption(monitor, table), border: TableBorder.Simple));
                    }
                }
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
                    (sink as IDisposable)?.Dispose();
                }
            }

            DropLoss loss = PrintTotals(monitor, stoppedBy);
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
                _output.Error.WriteLine("netdrop watch: reading drops failed: " + OneLine(failure is IOException or NetlinkSocketException or NetlinkRequestException or InvalidOperationException
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

            if (_options.Duration is { } duration && _clock.Elapsed >= duration)
            {
                stoppedBy = "--duration " + duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s";
                break;
            }

            monitor.Wait(WaitSlice);
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

        // Drops the kernel recorded before the stop are still delivered (unless --count is already met).
        if (!stoppedBy.StartsWith("--count", StringComparison.Ordinal) && ReadBatch(monitor))
        {
            stoppedBy += "; --count reached while draining";
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

    private void PrintSnapshot(DropMonitor monitor, DropRateTable table) =>
        _output.Console.Write(table.Render(Caption(monitor, table), border: TableBorder.Simple));

    private string Caption(DropMonitor monitor, DropRateTable table) => string.Create(CultureInfo.InvariantCulture,
        $"{table.Total} drops{(_options.Filter.Text.Length > 0 ? $" matched ({_seen} seen)" : "")} in {_clock.Elapsed.TotalSeconds:0.0} s from {Name(monitor.Source)}");

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

        _output.Info(string.Create(CultureInfo.InvariantCulture, $"Stopped after {_clock.Elapsed.TotalSeconds:0.0} s ({stoppedBy})."));
        _output.Info(string.Create(CultureInfo.InvariantCulture,
            $"Drops seen: {_seen} from {Name(monitor.Source)}; {(_options.Filter.Text.Length > 0 ? $"matched the filter: {_matched}" : "no filter")}."));
        if (monitor.Bpf is { } bpf && _filter.Kernel is not null)
        {
            _output.Info(KernelFilterTotals(bpf));
        }
        string lost = loss.Lost < 0 ? "unknown" : loss.Lost.ToString(CultureInfo.InvariantCulture);
        _output.Info($"Lost by the source: {lost} ({loss.Detail}).{(loss.Lost > 0 ? " The picture above is incomplete." : "")}");
        return loss;
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

    private static string Name(DropSource source) => source == DropSource.NetDm ? "NET_DM" : "the skb:kfree_skb tracepoint";

    // Messages quote kernel, tracefs and file text: one line, and nothing a terminal would act on.
    private static string OneLine(string message) => TerminalText.Escape(message.ReplaceLineEndings(" "));
}
