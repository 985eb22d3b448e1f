using System;
using System.Threading;
using NetDrop.Interop;

namespace NetDrop.Packet;

/// <summary>
/// A capture on a packet socket through one receive path (a TPACKET_V3 or V2 ring, or recvmsg), with
/// the gap before every frame. Read with <see cref="TryRead"/> until it returns false, then
/// <see cref="Wait"/>; nothing is allocated per frame. At the end, drain the ring
/// (<see cref="Drain"/>), then <see cref="Finish"/> reads the kernel's statistics a last time and
/// returns the trailing gap: drops after the last frame. The sum of every frame's
/// <see cref="PacketFrame.Gap"/> and the trailing gap is the kernel's tp_drops for the session.
/// </summary>
/// <example>
/// <code>
/// using var capture = PacketCapture.Open(new PacketCaptureOptions { Interface = "eth0" });
/// while (!cancellation.IsCancellationRequested)
/// {
///     while (capture.TryRead(out PacketFrame frame)) { /* frame.Data, frame.Gap, ... */ }
///     capture.Wait(TimeSpan.FromMilliseconds(100), cancellation);
/// }
/// long trailing = capture.Finish();
/// </code>
/// </example>
public sealed class PacketCapture : IDisposable
{
    private readonly PacketReceiver _receiver;

    // The TPACKET_V3 receiver when that is the path: called directly (it is sealed), so the per-frame
    // read is not a virtual call.
    private readonly TpacketV3Receiver? _ringV3;
    private readonly StatisticsCounter _statistics;
    private readonly TimeSpan _retireTimeout;
    private PacketSocketException? _failure;
    private bool _failureReported;

    private PacketCapture(PacketSocket socket, PacketReceivePath path, PacketReceiver receiver, StatisticsCounter statistics, TimeSpan retireTimeout)
    {
        Socket = socket;
        ReceivePath = path;
        _receiver = receiver;
        _ringV3 = receiver as TpacketV3Receiver;
        _statistics = statistics;
        _retireTimeout = retireTimeout;
    }

    /// <summary>The capture's socket, for options the capture does not set itself.</summary>
    public PacketSocket Socket { get; }

    public PacketReceivePath ReceivePath { get; }

    /// <summary>Drops after the last frame, once <see cref="Finish"/> has run; null before.</summary>
    public long? TrailingGap { get; private set; }

    /// <summary>Running totals; the kernel's counters as of its last statistics read (a LOSING frame or block, or <see cref="Finish"/>).</summary>
    public PacketCaptureStatistics Statistics => new(
        _statistics.Packets,
        _statistics.Drops,
        _statistics.Freezes,
        _receiver.FramesRead,
        _receiver.GapsAttributed,
        _receiver.GapsPending,
        _receiver.ApproximateGaps);

    /// <summary>Ring blocks, slots or control messages whose layout did not add up and were skipped.</summary>
    public long MalformedRecords => _receiver.MalformedRecords;

    /// <summary>Opens the socket, sets up the receive path, filter and fanout, then binds so frames start to arrive.</summary>
    /// <exception cref="PacketSocketException">Missing CAP_NET_RAW, an unknown interface, a ring the kernel refuses; the message says what to do.</exception>
    public static unsafe PacketCapture Open(PacketCaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        PacketSocket socket = options.CookedFrames ? PacketSocket.OpenCooked(options.Protocol) : PacketSocket.Open(options.Protocol);
        PacketReceiver? receiver = null;
        try
        {
            bool v3 = options.ReceivePath == PacketReceivePath.RingV3;
            var statistics = new StatisticsCounter(socket, v3);
            // Before bind, so the socket never holds a frame the filter did not pass (libpcap, which
            // binds first, has to drain those after attaching).
            if (!options.Filter.IsEmpty)
            {
                socket.AttachFilter(options.Filter.Span);
            }

            switch (options.ReceivePath)
            {
                case PacketReceivePath.RingV3:
                {
                    socket.SetVersion((int)TpacketVersions.V3);
                    var request = new tpacket_req3
                    {
                        tp_block_size = (uint)options.BlockSize,
                        tp_block_nr = (uint)options.BlockCount,
                        tp_frame_size = (uint)options.FrameSize,
                        tp_frame_nr = (uint)(options.BlockSize / options.FrameSize * options.BlockCount),
                        tp_retire_blk_tov = (uint)options.BlockRetireTimeout.TotalMilliseconds,
                    };
                    socket.SetRxRing(in request);
                    RingMapping mapping = RingMapping.Map(socket, (nuint)options.BlockSize * (nuint)options.BlockCount);
                    receiver = new TpacketV3Receiver(mapping.Address, options.BlockSize, options.BlockCount, statistics, mapping);
                    TpacketV3Receiver.PrepareFramePath();
                    break;
                }

                case PacketReceivePath.RingV2:
                {
                    socket.SetVersion((int)TpacketVersions.V2);
                    var request = new tpacket_req
                    {
                        tp_block_size = (uint)options.BlockSize,
                        tp_block_nr = (uint)options.BlockCount,
                        tp_frame_size = (uint)options.FrameSize,
                        tp_frame_nr = (uint)(options.BlockSize / options.FrameSize * options.BlockCount),
                    };
                    socket.SetRxRing(in request);
                    RingMapping mapping = RingMapping.Map(socket, (nuint)options.BlockSize * (nuint)options.BlockCount);
                    receiver = new TpacketV2Receiver(mapping.Address, options.BlockSize, options.BlockCount, options.FrameSize, statistics, mapping);
                    break;
                }

                case PacketReceivePath.Recvmsg:
                    socket.SetAuxdata(1);
                    socket.SetTimestampns(1);
                    socket.SetRxqOvfl(1);
                    receiver = new RecvmsgReceiver(socket, options.MaxFrameLength);
                    break;

                default:
                    throw new ArgumentOutOfRangeException(nameof(options), options.ReceivePath, "Unknown receive path.");
            }

            if (options.Interface is { } name)
            {
                socket.Bind(name);
            }
            else
            {
                socket.Bind(options.InterfaceIndex ?? 0);
            }

            if (options.Promiscuous)
            {
                socket.SetPromiscuous(true);
            }

            if (options.Fanout is { } fanout)
            {
                socket.JoinFanout(fanout);
            }

            return new PacketCapture(socket, options.ReceivePath, receiver, statistics, options.BlockRetireTimeout);
        }
        catch
        {
            receiver?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The next frame, if one is ready. The frame's <see cref="PacketFrame.Data"/> points into the ring
    /// or the receive buffer and stays valid until the next call to <see cref="TryRead"/>,
    /// <see cref="Wait"/> or <see cref="Drain"/>: the ring slot or block it sits in goes back to the
    /// kernel then.
    /// </summary>
    public bool TryRead(out PacketFrame frame) => _ringV3 is { } ring ? ring.TryRead(out frame) : _receiver.TryRead(out frame);

    /// <summary>
    /// Hands back what the last frame held and waits until frames are ready, the timeout passes, or
    /// <paramref name="cancellation"/> is cancelled; true when frames may be ready (at once, when the
    /// TPACKET_V3 block being read still has frames).
    /// </summary>
    /// <exception cref="PacketSocketException">
    /// The socket failed, e.g. ENETDOWN when the interface was deleted. The first wait after the failure
    /// still returns true (on TPACKET_V3 after the last block's timer has had time to hand it over), so
    /// the frames the kernel already holds can be read; the next one throws.
    /// </exception>
    public bool Wait(TimeSpan timeout, CancellationToken cancellation = default)
    {
        _receiver.ReleaseHeld();
        if (_receiver.HasUnread)
        {
            return true;
        }

        _failure ??= _receiver.Failure;
        if (_failure is not null)
        {
            if (_failureReported)
            {
                throw _failure;
            }

            _failureReported = true;
            return true;
        }

        try
        {
            return Socket.Wait(timeout, cancellation);
        }
        catch (PacketSocketException e)
        {
            _failure = e;
            if (ReceivePath == PacketReceivePath.RingV3)
            {
                // The block the kernel was filling is handed over when its timer expires.
                cancellation.WaitHandle.WaitOne(LastBlockWait);
            }

            _failureReported = true;
            return true;
        }
    }

    /// <summary>
    /// Waits for the frames still in the kernel's hands to be handed over: up to two block timeouts
    /// and 20 ms on TPACKET_V3 (whose last block is handed over by its timer), 10 ms elsewhere.
    /// Call it when the traffic has stopped and before <see cref="Finish"/>; read with <see cref="TryRead"/> after.
    /// </summary>
    public bool Drain(CancellationToken cancellation = default) =>
        Wait(ReceivePath == PacketReceivePath.RingV3 ? LastBlockWait : TimeSpan.FromMilliseconds(10), cancellation);

    // The kernel retires a partly filled block at a timer expiry that finds the same block current
    // as the one before, so within two periods, and the timer runs in whole jiffies (10 ms at HZ=100).
    private TimeSpan LastBlockWait => (_retireTimeout * 2) + TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Ends the session's accounting: reads the kernel's statistics a last time and returns the drops
    /// that no frame carried (the trailing gap, for an interface statistics block). Afterwards
    /// <c>sum(frame.Gap) + TrailingGap == Statistics.KernelDrops</c>. Calling it again reads again.
    /// </summary>
    public long Finish()
    {
        _receiver.ReleaseHeld();
        _statistics.ReadDrops();
        long trailing = _statistics.Drops - _receiver.GapsAttributed;
        TrailingGap = trailing;
        return trailing;
    }

    public void Dispose()
    {
        _receiver.Dispose();
        Socket.Dispose();
    }
}
