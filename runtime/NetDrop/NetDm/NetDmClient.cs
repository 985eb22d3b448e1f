using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.Interop;
using NetDrop.Kernel;
using NetDrop.Metadata;
using NetDrop.Netlink;
using NetDrop.Netlink.Generic;
using NetDrop.Netlink.Sockets;

namespace NetDrop.NetDm;

/// <summary>
/// A client of the kernel's drop monitor (the NET_DM generic netlink family): configure, start,
/// stop, read config and stats, and receive alerts from the "events" group.
/// Requests go over one socket and alerts arrive on another, so a reply is never queued behind a
/// burst of alerts and alerts are never consumed while waiting for a reply. Once started,
/// monitoring is always stopped again: on Dispose, and (unless turned off in the options) when the
/// process is interrupted, terminated or fails.
/// </summary>
public sealed class NetDmClient : IDisposable, IAlertDatagramSource
{
    private readonly GenericNetlinkConnection _control;
    private readonly NetDmNetlinkClient _requests;
    private readonly NetlinkSocket _events;
    private readonly byte[] _datagram;
    private readonly NetDmAlertDecoder _decoder;
    private readonly NetDmClientOptions _options;
    private readonly Lock _controlLock = new();
    private TerminationCleanup? _stopOnExit;
    private NetDmDropKinds _monitoring;
    private bool _disposed;

    private NetDmClient(GenericNetlinkConnection control, NetlinkSocket events, GenericNetlinkFamily family, uint eventsGroup, ReceiveBufferSize receiveBuffer, NetDmClientOptions options)
    {
        _control = control;
        _requests = new NetDmNetlinkClient(control, family) { ErrnoHint = Hint };
        _events = events;
        Family = family;
        EventsGroup = eventsGroup;
        ReceiveBuffer = receiveBuffer;
        _options = options;
        _datagram = new byte[options.DatagramBytes];
        _decoder = new NetDmAlertDecoder(family.Id);
    }

    /// <summary>NET_DM as this kernel registered it: run-time family id, version, groups.</summary>
    public GenericNetlinkFamily Family { get; }

    /// <summary>The id of the "events" multicast group the alerts come on.</summary>
    public uint EventsGroup { get; }

    /// <summary>The event socket's receive queue as the kernel granted it.</summary>
    public ReceiveBufferSize ReceiveBuffer { get; }

    /// <summary>What this client started and has not stopped.</summary>
    public NetDmDropKinds Monitoring => _monitoring;

    /// <summary>
    /// Resolves NET_DM (which loads the drop_monitor module where it is one) and joins its events group.
    /// </summary>
    /// <exception cref="NetDmUnavailableException">The kernel has no NET_DM.</exception>
    public static NetDmClient Open(NetDmClientOptions? options = null)
    {
        options ??= new NetDmClientOptions();
        GenericNetlinkConnection control = GenericNetlinkConnection.Open();
        NetlinkSocket? events = null;
        try
        {
            GenericNetlinkFamily family;
            try
            {
                family = control.ResolveFamily(NetDmFamily.Name);
            }
            catch (GenericNetlinkFamilyNotFoundException e)
            {
                throw new NetDmUnavailableException(e);
            }

            uint group = family.Group(NetDmFamily.McastGroups.Events)
                ?? throw new InvalidOperationException($"NET_DM (family {family.Id}) has no \"{NetDmFamily.McastGroups.Events}\" multicast group");

            events = NetlinkSocket.Open(NetlinkProtocol.Generic);
            ReceiveBufferSize buffer = events.SetReceiveBufferSize(options.ReceiveBufferBytes);
            events.JoinGroup(group);
            return new NetDmClient(control, events, family, group, buffer, options);
        }
        catch
        {
            events?.Dispose();
            control.Dispose();
            throw;
        }
    }

    /// <summary>Sets the alert mode, truncation length and per-CPU queue length; nulls are left as they are.</summary>
    /// <exception cref="NetlinkRequestException">EBUSY while monitoring (NET_DM refuses to change under a running session).</exception>
    [NetlinkRequest("NET_DM", "config")]
    public void Configure(NetDmAlertMode? alertMode = null, uint? truncationLength = null, uint? queueLength = null)
    {
        lock (_controlLock)
        {
            _requests.Config(alertMode, truncationLength, queueLength);
        }
    }

    /// <summary>
    /// Whether NET_DM monitors now, whoever started it. NET_DM has no command that reports it, and a STOP
    /// from another client (dropwatch's "stop") sends this client nothing; but the kernel refuses CONFIG
    /// with EBUSY while it monitors, so this sends a CONFIG without attributes, which changes nothing when
    /// it is accepted, and reads the answer. When it is not monitoring, what this client started is over:
    /// it no longer sends STOP at exit, which could stop a session another tool starts afterwards.
    /// </summary>
    public bool IsMonitoring()
    {
        try
        {
            lock (_controlLock)
            {
                Configure();
                Abandon();
            }

            return false;
        }
        catch (NetlinkRequestException e) when (e.Errno == Errno.EBUSY)
        {
            return true;
        }
    }

    /// <summary>
    /// Forgets the session this client started, without stopping it: for a session another client stopped, or
    /// replaced with its own, where this client's STOP at exit would stop the other client's session.
    /// </summary>
    public void Abandon()
    {
        lock (_controlLock)
        {
            _monitoring = 0;
            _stopOnExit?.Dispose();
            _stopOnExit = null;
        }
    }

    /// <summary>The configuration in force (CONFIG_GET, answered by CONFIG_NEW).</summary>
    public NetDmConfig GetConfig()
    {
        lock (_controlLock)
        {
            Span<byte> buffer = _control.BeginRequest(out uint sequence);
            int length = NetDmRequests.ConfigGet(buffer, Family.Id, sequence);
            var reply = new ConfigReply();
            _control.Execute(length, "NET_DM_CMD_CONFIG_GET", ref reply, Hint);
            return reply.Config ?? throw new InvalidOperationException("NET_DM_CMD_CONFIG_GET was acknowledged without a CONFIG_NEW reply");
        }
    }

    /// <summary>Alerts the kernel dropped because a per-CPU queue was full (STATS_GET, answered by STATS_NEW).</summary>
    public NetDmStats GetStats()
    {
        lock (_controlLock)
        {
            Span<byte> buffer = _control.BeginRequest(out uint sequence);
            int length = NetDmRequests.StatsGet(buffer, Family.Id, sequence);
            var reply = new StatsReply();
            _control.Execute(length, "NET_DM_CMD_STATS_GET", ref reply, Hint);
            return reply.Stats ?? throw new InvalidOperationException("NET_DM_CMD_STATS_GET was acknowledged without a STATS_NEW reply");
        }
    }

    /// <summary>Starts monitoring the given kinds of drops.</summary>
    [NetlinkRequest("NET_DM", "start")]
    public void Start(NetDmDropKinds kinds = NetDmDropKinds.Software)
    {
        lock (_controlLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_options.StopOnProcessExit && _stopOnExit is null)
            {
                // Registered before START, so no moment exists in which the kernel monitors unguarded.
                _stopOnExit = new TerminationCleanup(StopQuietly, StopQuietly);
            }

            _requests.Start(swDrops: (kinds & NetDmDropKinds.Software) != 0, hwDrops: (kinds & NetDmDropKinds.Hardware) != 0);
            _monitoring |= kinds;
        }
    }

    /// <summary>Stops monitoring the given kinds of drops.</summary>
    [NetlinkRequest("NET_DM", "stop")]
    public void Stop(NetDmDropKinds kinds = NetDmDropKinds.Both)
    {
        lock (_controlLock)
        {
            StopCore(kinds);
            if (_monitoring == 0)
            {
                _stopOnExit?.Dispose();
                _stopOnExit = null;
            }
        }
    }

    /// <summary>
    /// Reads every alert queued on the event socket without waiting, handing each to
    /// <paramref name="handler"/> as a view over the receive buffer; returns how many messages were read.
    /// Allocates nothing unless a message is malformed. Stops after the datagram that reaches
    /// <paramref name="maxMessages"/>; the rest stay queued on the socket for the next call.
    /// </summary>
    public int ReceiveAvailable<THandler>(ref THandler handler, int maxMessages = int.MaxValue)
        where THandler : struct, INetDmAlertHandler
    {
        int messages = 0;
        while (messages < maxMessages)
        {
            switch (_events.TryReceive(_datagram, out int length))
            {
                case NetlinkReceiveStatus.Received:
                    messages += _decoder.Decode(_datagram.AsSpan(0, length), ref handler);
                    break;
                case NetlinkReceiveStatus.Overrun:
                    // Counted by the socket; what was queued before the overflow is still there.
                    break;
                default:
                    return messages;
            }
        }

        return messages;
    }

    /// <summary>Waits until alerts are queued or the timeout passes; true when there is something to read.</summary>
    public bool Wait(TimeSpan timeout) => _events.Wait(timeout);

    /// <summary>Waits, without holding a thread, until alerts are queued.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken) => _events.WaitAsync(cancellationToken);

    /// <summary>
    /// Alerts as they come, until <paramref name="cancellationToken"/> is cancelled. Summary alerts
    /// name their locations with <paramref name="symbols"/> when given.
    /// <para>
    /// Each alert is valid until the next <c>MoveNextAsync</c>: the enumerator reuses one
    /// <see cref="PacketDropAlert"/> and one <see cref="SummaryDropAlert"/>, the payload is a slice of
    /// its receive buffer, names become strings when first read and repeated names are the same
    /// strings, so after warm-up an alert costs no allocation. To keep an alert past the next one, call <see cref="DropAlert.ToOwned"/>.
    /// </para>
    /// </summary>
    public IAsyncEnumerable<DropAlert> ReadAlertsAsync(KernelSymbols? symbols = null, CancellationToken cancellationToken = default) =>
        StreamedAlertReader.ReadAsync(this, new StreamedAlertReader(_decoder, _options.DatagramBytes, symbols), cancellationToken);

    /// <summary>What was lost or refused between the kernel and this client so far.</summary>
    public NetDmDeliveryLoss ReadDeliveryLoss() => new(
        _events.ReadKernelDrops(),
        _events.OverrunReports,
        _events.ForeignDatagramsDiscarded,
        _events.TruncatedDatagramsDiscarded,
        _decoder.MalformedMessages);

    bool IAlertDatagramSource.TryReceive(StreamedAlertReader reader)
    {
        while (true)
        {
            switch (_events.TryReceive(reader.ReceiveBuffer, out int length))
            {
                case NetlinkReceiveStatus.Received:
                    reader.Received(length);
                    return true;
                case NetlinkReceiveStatus.Overrun:
                    // Counted by the socket; what was queued before the overflow is still there.
                    break;
                default:
                    return false;
            }
        }
    }

    /// <summary>Stops monitoring if this client started it, then closes both sockets.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            StopQuietly();
        }
        finally
        {
            _stopOnExit?.Dispose();
            _disposed = true;
            _events.Dispose();
            _control.Dispose();
        }
    }

    /// <summary>STOP for whatever this client started; runs from signal handlers, so it never throws.</summary>
    private void StopQuietly()
    {
        try
        {
            lock (_controlLock)
            {
                if (_monitoring != 0 && !_disposed)
                {
                    StopCore(_monitoring);
                }
            }
        }
        catch (Exception e) when (e is NetlinkRequestException or NetlinkSocketException or TimeoutException or ObjectDisposedException)
        {
            // Nothing more can be done while the process ends; the kernel stays as STOP left it.
        }
    }

    private void StopCore(NetDmDropKinds kinds)
    {
        _requests.Stop(swDrops: (kinds & NetDmDropKinds.Software) != 0, hwDrops: (kinds & NetDmDropKinds.Hardware) != 0);
        _monitoring &= ~kinds;
    }

    private static string? Hint(Errno errno) => errno switch
    {
        Errno.EPERM => ErrnoHints.NeedsAdmin,
        Errno.EBUSY => "cannot configure while monitoring: stop monitoring first (another client, such as dropwatch, may have started it)",
        Errno.EAGAIN => "the drop monitor is already in that state (another client, such as dropwatch, may be monitoring)",
        Errno.EOPNOTSUPP => "this kernel or its devices do not support that (hardware drops need a driver with devlink traps)",
        _ => null,
    };

    private struct ConfigReply : INetlinkReplyHandler
    {
        public NetDmConfig? Config;

        public void OnReply(in NetlinkMessage message, GenericNetlinkHeader header, ReadOnlySpan<byte> attributes)
        {
            if (header.Command == (byte)NetDmCommand.ConfigNew)
            {
                Config = NetDmConfig.From(NetDmAttributes.Parse(attributes));
            }
        }
    }

    private struct StatsReply : INetlinkReplyHandler
    {
        public NetDmStats? Stats;

        public void OnReply(in NetlinkMessage message, GenericNetlinkHeader header, ReadOnlySpan<byte> attributes)
        {
            if (header.Command == (byte)NetDmCommand.StatsNew)
            {
                Stats = NetDmStats.From(NetDmAttributes.Parse(attributes));
            }
        }
    }
}
