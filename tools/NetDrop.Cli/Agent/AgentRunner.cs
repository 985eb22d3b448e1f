using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using NetDrop.Cli.Metrics;
using NetDrop.Cli.Watch;
using NetDrop.Cli.Watch.Filter;
using NetDrop.Kernel;
using NetDrop.Metrics;
using NetDrop.Tracing;

namespace NetDrop.Cli.Agent;

/// <summary>
/// netdrop agent's run: opens the drop source, counts the drops the filter keeps in the NetDrop meter
/// (pulled at /metrics, pushed over OTLP), checks every few seconds what the source lost and whether it
/// still records, and when it fails closes it and opens it again after a capped, growing wait. Runs until
/// SIGTERM or SIGINT; SIGHUP reads the --config file again. Exit 0 when stopped, 1 when it cannot listen.
/// </summary>
internal sealed class AgentRunner
{
    /// <summary>Longest a wait for drops lasts, so signals and housekeeping are never late by more.</summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(100);

    /// <summary>How often loss is read and the source's health looked at.</summary>
    private static readonly TimeSpan HousekeepingEvery = TimeSpan.FromSeconds(2);

    /// <summary>/healthz fails when the run loop has not come round for this long (it is stuck).</summary>
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(30);

    private readonly AgentLog _log;
    private readonly AgentSignals _signals;
    private readonly HostLabels _host;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Backoff _backoff = new();
    private readonly List<DropEvent> _batch = new();
    private AgentStart _start;
    private DropMetrics _drops = null!;
    private AgentMetrics _agent = null!;
    private DropMonitor? _monitor;
    private string _sourceName = "none";
    private TimeSpan _openedAt;
    private TimeSpan _nextAttempt;
    private TimeSpan _nextHousekeeping;
    private long _lastLoss;
    private long _lastCapped;
    private bool _failedBefore;
    private long _seen;
    private long _matched;
    private long _lost;
    private long _restarts;
    private long _heartbeat;

    private AgentRunner(AgentStart start, AgentLog log, AgentSignals signals, HostLabels host)
    {
        _start = start;
        _log = log;
        _signals = signals;
        _host = host;
    }

    private AgentSettings Settings => _start.Settings;

    public static int Run(AgentStart start, AgentLog log, AgentSignals signals, HostLabels host) =>
        new AgentRunner(start, log, signals, host).Run();

    private int Run()
    {
        _log.Info("start", "netdrop agent starting",
            ("version", typeof(AgentRunner).Assembly.GetName().Version?.ToString()), ("pid", Environment.ProcessId),
            ("host", _host.Host), ("node", _host.Node), ("pod", _host.Pod), ("source", Settings.Source.ToString().ToLowerInvariant()),
            ("filter", Settings.Filter.Text.Length > 0 ? Settings.Filter.Text : null), ("kernel_filter", Settings.KernelFilter),
            ("listen", Settings.Listen?.ToString()), ("otlp", Settings.Otlp is { } o ? EndpointText.Redact(o.Endpoint) : null), ("config", _start.ConfigPath));

        using var collector = Settings.Listen is null ? null : new PrometheusCollector(_host);
        using var drops = _drops = new DropMetrics();
        using var agent = _agent = new AgentMetrics();
        MetricsHttpServer? server = null;
        if (Settings.Listen is { } endPoint)
        {
            try
            {
                server = MetricsHttpServer.Start(endPoint, collector!.WriteTo, Health);
                _log.Info("listen", $"serving /metrics and /healthz on http://{server.EndPoint}", ("address", server.EndPoint.ToString()));
            }
            catch (SocketException e)
            {
                _log.Error("listen", $"cannot listen on {endPoint}: {e.Message}; choose a free port, an address of this host, or a port from 1024 up (or CAP_NET_BIND_SERVICE)",
                    ("address", endPoint.ToString()));
                return ExitCodes.Failed;
            }
        }

        AgentOtlpExport? otlp = Settings.Otlp is { } options ? AgentOtlpExport.Start(options, _host) : null;
        string stoppedBy = "SIGTERM or SIGINT";
        try
        {
            Loop();
        }
        finally
        {
            CloseSource("stopping");
            server?.Dispose();
            if (otlp is not null)
            {
                if (!otlp.Flush(TimeSpan.FromSeconds(10)))
                {
                    _log.Warn("otlp", $"the last counts did not reach the collector at {EndpointText.Redact(Settings.Otlp!.Endpoint)} within 10 s");
                }

                otlp.Dispose();
            }

            _log.Info("stop", $"netdrop agent stopped after {_clock.Elapsed.TotalSeconds:0.0} s ({stoppedBy})",
                ("seen", _seen), ("matched", _matched), ("lost", _lost), ("restarts", _restarts));
        }

        return ExitCodes.Ok;
    }

    private void Loop()
    {
        CancellationToken stopping = _signals.Stopping;
        while (!stopping.IsCancellationRequested)
        {
            Volatile.Write(ref _heartbeat, _clock.ElapsedTicks);
            if (_signals.TakeReload())
            {
                Reload();
            }

            if (_monitor is null)
            {
                TimeSpan wait = _nextAttempt - _clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    stopping.WaitHandle.WaitOne(wait < WaitSlice ? wait : WaitSlice);
                    continue;
                }

                Open();
                continue;
            }

            try
            {
                _monitor.Wait(WaitSlice);
                ReadBatch(_monitor);
                if (_clock.Elapsed >= _nextHousekeeping)
                {
                    _nextHousekeeping = _clock.Elapsed + HousekeepingEvery;

                    // Health first: a source taken away also fails reading its loss, with a less telling message.
                    // SIGTERM's own cleanup stops NET_DM before the loop sees it: not a failure.
                    if (SourceHealth.Problem(_monitor) is { } problem && !stopping.IsCancellationRequested)
                    {
                        Fail(problem);
                        continue;
                    }

                    ReadLoss(_monitor);
                    ReportCappedLabels();
                    if (_clock.Elapsed - _openedAt >= Backoff.Healthy)
                    {
                        _backoff.Reset();
                    }
                }
            }
            catch (Exception e)
            {
                // Whatever reading throws ends this source, not the agent: it is reopened after the backoff.
                Fail($"reading drops failed: {Describe(e)}");
            }
        }
    }

    private void Open()
    {
        try
        {
            _monitor = DropMonitor.Open(new DropMonitorOptions
            {
                Source = Settings.Source,
                TakeOverNetDm = Settings.TakeOverNetDm,
                Tracepoint = new KfreeSkbOptions { Filter = Settings.KernelFilter },
            });
        }
        catch (Exception e)
        {
            // An agent never gives up on its source: every failure is logged, shown as source_up 0, and retried.
            TimeSpan wait = _backoff.Next();
            _nextAttempt = _clock.Elapsed + wait;
            _agent.SourceUp = false;
            _failedBefore = true;
            string hint = e is ArgumentException && Settings.KernelFilter is not null ? " (--kernel-filter)" : "";
            _log.Error("source_error", $"the drop source cannot be opened{hint}: {Describe(e)}; trying again in {wait.TotalSeconds:0} s",
                ("source", Settings.Source.ToString().ToLowerInvariant()), ("retry_in_seconds", wait.TotalSeconds));
            return;
        }

        _sourceName = AgentSettings.SourceName(_monitor.Source);
        _openedAt = _clock.Elapsed;
        _nextHousekeeping = _clock.Elapsed + HousekeepingEvery;
        _lastLoss = 0;
        _agent.SourceUp = true;
        if (_failedBefore)
        {
            _failedBefore = false;
            _restarts++;
            _agent.CountRestart();
        }

        _log.Info("source", "Source: " + CommandAdvice.Word(_monitor.Explanation), ("source", _sourceName), ("restarts", _restarts));
        foreach (string stale in _monitor.Tracepoint?.RemovedStaleInstances ?? [])
        {
            _log.Info("stale_instance", $"removed the tracefs instance {stale}, left by a NetDrop process that is gone", ("instance", stale));
        }

        if (_monitor.Source != DropSource.NetDm && KernelSymbols.Running is null)
        {
            _log.Warn("source", "kernel functions are counted as unknown: /proc/kallsyms hides them from this process (it needs CAP_SYSLOG, or root)");
        }
    }

    /// <summary>Closes a source that stopped working and schedules its reopening.</summary>
    private void Fail(string problem)
    {
        TimeSpan wait = _backoff.Next();
        _log.Error("source_error", $"the {_sourceName} source failed: {problem}; reopening it in {wait.TotalSeconds:0} s",
            ("source", _sourceName), ("retry_in_seconds", wait.TotalSeconds));
        CloseSource("failed");
        _agent.SourceUp = false;
        _failedBefore = true;
        _nextAttempt = _clock.Elapsed + wait;
    }

    /// <summary>Delivers what the source still holds, counts its last loss and closes it.</summary>
    private void CloseSource(string why)
    {
        if (_monitor is not { } monitor)
        {
            return;
        }

        _monitor = null;
        try
        {
            // A full batch means more may be waiting; the bound is what a full ring holds.
            int rounds = 0;
            while (ReadBatch(monitor) >= DropMonitor.BatchSize && ++rounds < DropMonitor.BatchesToDrain)
            {
                continue;
            }

            ReadLoss(monitor);
        }
        catch (Exception e)
        {
            _log.Warn("source_error", $"the {_sourceName} source could not be drained ({why}): {Describe(e)}", ("source", _sourceName));
        }

        try
        {
            monitor.Dispose();
        }
        catch (Exception e)
        {
            _log.Warn("source_error", $"closing the {_sourceName} source failed: {Describe(e)}", ("source", _sourceName));
        }
    }

    /// <summary>Counts one batch of drops (at most about DropMonitor.BatchSize, so the list stays small); returns how many were read.</summary>
    private int ReadBatch(DropMonitor monitor)
    {
        _batch.Clear();
        int read = monitor.ReadAvailable(_batch);
        DropFilter filter = Settings.Filter;
        bool all = filter.Text.Length == 0;
        foreach (DropEvent drop in _batch)
        {
            _seen++;
            if (all || filter.Matches(new WatchedDrop(drop)))
            {
                _matched++;
                _drops.Record(drop);
            }
        }

        _batch.Clear();
        return read;
    }

    /// <summary>Loss is counted in netdrop.lost_events and logged whenever it grows.</summary>
    private void ReadLoss(DropMonitor monitor)
    {
        DropLoss loss = monitor.ReadLoss();
        long more = loss.Lost - _lastLoss;
        if (more <= 0)
        {
            return;
        }

        _lastLoss = loss.Lost;
        _lost += more;
        _drops.RecordLost(monitor.Source, more, "source");
        _log.Warn("loss", $"the {_sourceName} source lost {more} drop events ({loss.Detail}); the counts are short by that much",
            ("source", _sourceName), ("lost", more), ("lost_total", _lost));
    }

    private void ReportCappedLabels()
    {
        long capped = _drops.CappedLabelValues;
        if (capped > 0 && _lastCapped == 0)
        {
            _log.Warn("cardinality", "a label reached its cap: further kernel functions, interfaces or reasons are counted as \"other\" (docs/metrics.md)");
        }

        _lastCapped = capped;
    }

    private void Reload()
    {
        _log.Info("reload", _start.ConfigPath is null ? "SIGHUP: no --config file to read; reopening the source" : $"SIGHUP: reading {_start.ConfigPath} again");
        if (_start.ConfigPath is { } path)
        {
            (Dictionary<string, SettingValue>? file, string? error) = AgentConfigFile.Read(path);
            (AgentSettings? settings, string? problem) = file is null ? (null, error)
                : AgentSettings.From(AgentSettings.Merge(file, _start.CommandLine), new ReasonNames(KernelReasonTable.Read()));
            if (settings is null)
            {
                _log.Error("reload", $"the configuration is not changed: {problem!.ReplaceLineEndings(" ")}");
            }
            else
            {
                foreach (string key in AgentSettings.StartOnlyChanges(AgentSettings.Merge(_start.FileSettings, _start.CommandLine), AgentSettings.Merge(file!, _start.CommandLine)))
                {
                    _log.Warn("reload", $"'{key}' changed; it applies at the next start (the listening socket and the exporter are made once)", ("key", key));
                }

                _start = _start with
                {
                    Settings = settings with { Listen = Settings.Listen, Otlp = Settings.Otlp },
                    FileSettings = file!,
                };
                _log.Json = Settings.LogJson;
                _log.Info("reload", "configuration applied", ("source", Settings.Source.ToString().ToLowerInvariant()),
                    ("filter", Settings.Filter.Text.Length > 0 ? Settings.Filter.Text : null), ("kernel_filter", Settings.KernelFilter));
            }
        }

        // The source is reopened in every case: SIGHUP also reached the tracepoint source's own exit watch, which stops its recording.
        CloseSource("reload");
        _nextAttempt = _clock.Elapsed;
    }

    private (bool Healthy, string Text) Health()
    {
        TimeSpan since = TimeSpan.FromTicks((long)((_clock.ElapsedTicks - Volatile.Read(ref _heartbeat)) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency)));
        if (since > StuckAfter)
        {
            return (false, $"stuck: the run loop has not come round for {since.TotalSeconds:0} s");
        }

        return (true, _agent.SourceUp ? $"ok: the {_sourceName} source is up" : "ok: the agent runs; the source is down and being retried (netdrop_source_up 0)");
    }

    private static string Describe(Exception e) =>
        TerminalText.Escape((e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException || e.GetType().Namespace?.StartsWith("NetDrop", StringComparison.Ordinal) == true
            ? CommandAdvice.Word(e.Message) : $"{e.GetType().Name}: {e.Message}").ReplaceLineEndings(" "));
}
