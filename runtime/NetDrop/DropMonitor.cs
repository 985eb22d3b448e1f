using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.Bpf;
using NetDrop.Interop;
using NetDrop.Kernel;
using NetDrop.NetDm;
using NetDrop.Netlink.Generic;
using NetDrop.Tracing;

namespace NetDrop;

/// <summary>
/// Packet drops from the best source this kernel offers: NetDrop's BPF program where it loads, else
/// NET_DM in packet mode when the family resolves and rights allow, else the skb:kfree_skb tracepoint;
/// or the one the caller names.
/// <see cref="Explanation"/> says which one was chosen and why. All give the same
/// <see cref="DropEvent"/>; the sources themselves (<see cref="NetDm"/>, <see cref="Tracepoint"/>, <see cref="Bpf"/>)
/// have the zero-allocation views.
/// </summary>
public sealed class DropMonitor : IDisposable
{
    private readonly KernelSymbols? _symbols;
    private readonly TaskNames _tasks = new();
    private readonly ulong _tailDropsAtStart;

    private DropMonitor(NetDmClient netDm, ulong tailDropsAtStart, string explanation)
    {
        NetDm = netDm;
        Source = DropSource.NetDm;
        Explanation = explanation;
        _tailDropsAtStart = tailDropsAtStart;
    }

    private DropMonitor(KfreeSkbSource tracepoint, KernelSymbols? symbols, string explanation)
    {
        Tracepoint = tracepoint;
        Source = DropSource.Tracepoint;
        Explanation = explanation;
        _symbols = symbols;
    }

    private DropMonitor(BpfDropSource bpf, KernelSymbols? symbols, string explanation)
    {
        Bpf = bpf;
        Source = DropSource.Bpf;
        Explanation = explanation;
        _symbols = symbols;
    }

    public DropSource Source { get; }

    /// <summary>Which source was chosen and why, e.g. why NET_DM could not be used.</summary>
    public string Explanation { get; }

    /// <summary>The NET_DM client, when that is the source.</summary>
    public NetDmClient? NetDm { get; }

    /// <summary>The tracepoint source, when that is the source.</summary>
    public KfreeSkbSource? Tracepoint { get; }

    /// <summary>The BPF source, when that is the source.</summary>
    public BpfDropSource? Bpf { get; }

    /// <summary>
    /// Why auto did not choose the BPF source when it tried to open it and failed (a
    /// <see cref="BpfVerifierException"/> carries the verifier's log); null when it was not tried or is the source.
    /// </summary>
    public Exception? BpfFailure { get; private set; }

    /// <summary>What to do when NET_DM refuses CONFIG because a session is already running.</summary>
    internal const string BusyAdvice =
        "NET_DM is already monitoring: another tool (dropwatch) is running, or a NetDrop was killed and left it on; stop that tool, or take the session over (DropMonitorOptions.TakeOverNetDm)";

    /// <summary>Opens and starts a source; see <see cref="DropMonitorOptions.Source"/>.</summary>
    /// <exception cref="DropSourceUnavailableException">No source could be used; the message says why for each.</exception>
    public static DropMonitor Open(DropMonitorOptions? options = null)
    {
        options ??= new DropMonitorOptions();
        KernelSymbols? symbols = options.Symbols ?? KernelSymbols.Running;
        if (options.Source == DropSourcePreference.Bpf)
        {
            BpfDropSource bpf = BpfDropSource.Open(options.Bpf);
            return new DropMonitor(bpf, symbols,
                $"NetDrop's BPF program on the skb:kfree_skb tracepoint, as asked, {bpf.SnapLength} bytes per packet");
        }

        string? bpfProblem = null;
        Exception? bpfError = null;
        if (options.Source == DropSourcePreference.Auto)
        {
            bpfProblem = BpfObstacle(options);
            if (bpfProblem is null)
            {
                try
                {
                    BpfDropSource bpf = BpfDropSource.Open(options.Bpf);
                    return new DropMonitor(bpf, symbols,
                        $"NetDrop's BPF program on the skb:kfree_skb tracepoint, {bpf.SnapLength} bytes per packet");
                }
                catch (Exception e) when (IsBpfUnusable(e))
                {
                    bpfProblem = e.Message.TrimEnd('.');
                    bpfError = e;
                }
            }
        }

        string notBpf = bpfProblem is null ? "" : $"; not NetDrop's BPF program: {bpfProblem}";
        string? netDmProblem = null;
        Exception? netDmError = null;
        if (options.Source != DropSourcePreference.Tracepoint)
        {
            try
            {
                DropMonitor netDm = OpenNetDm(options, notBpf);
                netDm.BpfFailure = bpfError;
                return netDm;
            }
            catch (Exception e) when (options.Source == DropSourcePreference.Auto && IsUnusable(e))
            {
                netDmProblem = e is NetlinkRequestException { Errno: Errno.EBUSY } ? e.Message + ". " + BusyAdvice : e.Message;
                netDmError = e;
            }
            catch (NetlinkRequestException e) when (e.Errno == Errno.EBUSY)
            {
                throw new NetlinkRequestException(e.Request, e.Errno, e.Hint is null ? BusyAdvice : e.Hint + ". " + BusyAdvice, e.KernelMessage, e.MissingAttribute);
            }
        }

        try
        {
            KfreeSkbSource tracepoint = KfreeSkbSource.Open(options.Tracepoint);
            string why = netDmProblem is null
                ? "the skb:kfree_skb tracepoint, as asked"
                : $"the skb:kfree_skb tracepoint, because NET_DM cannot be used: {netDmProblem}{notBpf}";
            return new DropMonitor(tracepoint, symbols, why) { BpfFailure = bpfError };
        }
        catch (TracefsUnavailableException e) when (netDmProblem is not null)
        {
            string bpf = bpfProblem is null ? "" : $" NetDrop's BPF program: {bpfProblem}.";
            Exception[] errors = bpfError is null ? [netDmError!, e] : [bpfError, netDmError!, e];
            throw new DropSourceUnavailableException(
                $"no drop source can be used here.{bpf} NET_DM: {netDmProblem}. skb:kfree_skb tracepoint: {e.Message}",
                new AggregateException(errors));
        }
    }

    /// <summary>Waits until drops are ready or the timeout passes; true when there is something to read.</summary>
    public bool Wait(TimeSpan timeout) =>
        NetDm is { } netDm ? netDm.Wait(timeout)
        : Bpf is { } bpf ? bpf.Wait((int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue))
        : Tracepoint!.Wait();

    /// <summary>
    /// How many drops one <see cref="ReadAvailable"/> turns into <see cref="DropEvent"/>s, about: a reader that
    /// fell behind finds up to a whole ring buffer waiting (4 MiB per CPU, some 95,000 drops each), and turning
    /// all of it into objects at once would grow the heap, and a caller's list, to hold them. The tracepoint
    /// source stops after the page that reaches it, so a batch may exceed it by one page's records.
    /// </summary>
    public const int BatchSize = 4096;

    /// <summary>
    /// How many <see cref="ReadAvailable"/> calls at most hold what a source can have waiting (a full 4 MiB ring on
    /// every CPU), the bound of a loop that drains a source before closing it.
    /// </summary>
    public static int BatchesToDrain { get; } = Environment.ProcessorCount * 100_000 / BatchSize + 1;

    /// <summary>
    /// Reads drops ready now into <paramref name="events"/>, about <see cref="BatchSize"/> at most; returns how
    /// many were added. What is left stays with the source: <see cref="Wait"/> returns at once and the next
    /// call reads on.
    /// </summary>
    public int ReadAvailable(List<DropEvent> events)
    {
        int before = events.Count;
        if (NetDm is { } netDm)
        {
            var collector = new NetDmEventCollector(events);
            netDm.ReceiveAvailable(ref collector, BatchSize);
        }
        else if (Bpf is { } bpf)
        {
            var collector = new BpfDropSource.EventCollector(events, bpf, _symbols);
            bpf.ReadAvailable(ref collector, BatchSize);
        }
        else
        {
            var collector = new TracepointEventCollector(events, Tracepoint!, _symbols, _tasks);
            Tracepoint!.ReadAvailable(ref collector, BatchSize);
        }

        return events.Count - before;
    }

    /// <summary>Drops as they come, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<DropEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var batch = new List<DropEvent>();
        while (!cancellationToken.IsCancellationRequested)
        {
            ReadAvailable(batch);
            foreach (DropEvent drop in batch)
            {
                yield return drop;
            }

            if (batch.Count > 0)
            {
                batch.Clear();
                continue;
            }

            try
            {
                if (NetDm is { } netDm)
                {
                    await netDm.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (Bpf is { } bpf)
                {
                    await Task.Run(() => bpf.Wait(100), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // tracefs pipes have no async wait; Wait returns within the poll interval (100 ms).
                    await Task.Run(Tracepoint!.Wait, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    /// <summary>Drops the kernel saw but this monitor could not deliver, counted by the source's own means.</summary>
    public DropLoss ReadLoss()
    {
        if (NetDm is { } netDm)
        {
            ulong tail = (netDm.GetStats().SoftwareDropped ?? 0) - _tailDropsAtStart;
            NetDmDeliveryLoss delivery = netDm.ReadDeliveryLoss();
            long socket = delivery.SocketDrops ?? delivery.OverrunReports;
            return new DropLoss((long)tail + socket,
                $"{tail} kernel queue tail drops, {socket} alerts lost to a full socket ({delivery.OverrunReports} ENOBUFS reports)");
        }

        if (Bpf is { } bpf)
        {
            return bpf.ReadLoss();
        }

        KfreeSkbSource source = Tracepoint!;
        long kernel = source.ReadKernelLossCounters();
        long pages = source.LostEvents;
        return new DropLoss(Math.Max(kernel, pages),
            $"the larger of two counts of the same loss: {kernel} events the ring buffer overran or refused, {pages} seen missing as pages were read; {source.PagesWithUncountedLoss} pages with uncounted loss");
    }

    /// <summary>Stops the source (NET_DM STOP, or removing the tracefs instance).</summary>
    public void Dispose()
    {
        NetDm?.Dispose();
        Tracepoint?.Dispose();
        Bpf?.Dispose();
    }

    private static DropMonitor OpenNetDm(DropMonitorOptions options, string notBpf)
    {
        NetDmClient client = NetDmClient.Open(options.NetDm);
        try
        {
            string tookOver = string.Empty;
            try
            {
                client.Configure(NetDmAlertMode.Packet, options.TruncationLength, options.QueueLength);
            }
            catch (NetlinkRequestException e) when (e.Errno == Errno.EBUSY && options.TakeOverNetDm)
            {
                // A session is running that this process did not start: stop it, then configure ours.
                client.Stop();
                client.Configure(NetDmAlertMode.Packet, options.TruncationLength, options.QueueLength);
                tookOver = "; it took over a NET_DM session that was already running (another tool's, or one left by a NetDrop that was killed), which it stops at exit";
            }

            ulong tail = client.GetStats().SoftwareDropped ?? 0;
            client.Start(options.HardwareDrops ? NetDmDropKinds.Both : NetDmDropKinds.Software);
            return new DropMonitor(client, tail,
                $"NET_DM (generic netlink family {client.Family.Id}, version {client.Family.Version}) in packet mode, {options.TruncationLength} bytes per packet{tookOver}{notBpf}");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Why auto does not try the BPF source at all: the caller asked for what only another source gives, or the process visibly lacks the rights.</summary>
    private static string? BpfObstacle(DropMonitorOptions options) =>
        options.HardwareDrops ? "hardware drops were asked for (DropMonitorOptions.HardwareDrops), which only NET_DM reports"
        : options.Tracepoint.Filter is not null ? "a tracefs filter was given, which only the tracepoint source applies"
        : BpfPermissions.ObstacleForThisProcess()?.TrimEnd('.');

    /// <summary>The BPF failures that make NET_DM or the tracepoint the better choice rather than an error.</summary>
    private static bool IsBpfUnusable(Exception e) =>
        e is BpfException or NetDrop.Bpf.Btf.BtfFormatException or NetDrop.Bpf.Btf.BtfLookupException or TracefsUnavailableException
            or System.IO.IOException or UnauthorizedAccessException or FormatException;

    /// <summary>The NET_DM failures that make the tracepoint the better choice rather than an error.</summary>
    private static bool IsUnusable(Exception e) => e switch
    {
        NetDmUnavailableException => true,

        // EPERM: no CAP_NET_ADMIN. EBUSY, EAGAIN: another client (dropwatch) holds the session.
        NetlinkRequestException request => request.Errno is Errno.EPERM or Errno.EBUSY or Errno.EAGAIN,

        // EPERM joining the events group.
        NetDrop.Netlink.Sockets.NetlinkSocketException socket => socket.Errno == Errno.EPERM,
        _ => false,
    };

    private readonly struct NetDmEventCollector : INetDmAlertHandler
    {
        private readonly List<DropEvent> _events;

        public NetDmEventCollector(List<DropEvent> events) => _events = events;

        public void OnPacketAlert(in NetDmPacketAlert alert) => _events.Add(NetDmEvents.ToDropEvent(alert));

        // The monitor configures packet mode; a summary alert comes from another client's session.
        public void OnSummaryAlert(in NetDmSummaryAlert alert)
        {
        }
    }

    private readonly struct TracepointEventCollector : IKfreeSkbHandler
    {
        private readonly List<DropEvent> _events;
        private readonly KfreeSkbSource _source;
        private readonly KernelSymbols? _symbols;
        private readonly TaskNames _tasks;

        public TracepointEventCollector(List<DropEvent> events, KfreeSkbSource source, KernelSymbols? symbols, TaskNames tasks)
        {
            _events = events;
            _source = source;
            _symbols = symbols;
            _tasks = tasks;
        }

        public void OnDrop(in KfreeSkbRecord record) => _events.Add(KfreeSkbEvents.ToDropEvent(record, _source.Reasons, _source.WallClockOffset, _symbols, _tasks));
    }
}
