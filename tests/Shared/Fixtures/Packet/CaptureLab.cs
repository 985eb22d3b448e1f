using System;
using System.Buffers.Binary;
using System.Threading;
using NetDrop.Packet;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Packet;

/// <summary>
/// Two network namespaces of the test's own joined by a veth pair: frames written raw into one end
/// (a packet socket in the sender namespace) arrive on the other, where captures open. Every frame is
/// a broadcast of a local experimental EtherType carrying its sequence number and a marker byte, so a
/// capture of that EtherType sees these frames and nothing else. Everything goes with the namespaces.
/// </summary>
internal sealed class CaptureLab : IDisposable
{
    /// <summary>IEEE 802 local experimental EtherType 1.</summary>
    public const ushort EtherType = 0x88B5;

    public const string SenderInterface = "ndpa";
    public const string ReceiverInterface = "ndpb";

    /// <summary>Bytes of every test frame (Ethernet header included).</summary>
    public const int FrameLength = 64;

    private static readonly TimeSpan ThreadTimeout = TimeSpan.FromSeconds(30);

    private readonly NetworkNamespace _sender;
    private readonly NetworkNamespace _receiver;
    private readonly PacketSocket _sendSocket;

    public CaptureLab()
    {
        _sender = new NetworkNamespace();
        _receiver = new NetworkNamespace();
        try
        {
            // No IPv6 neighbour discovery or MLD from the new links: the test frames are the only traffic,
            // so a capture of every protocol (netdrop capture) can be checked frame for frame.
            foreach (NetworkNamespace ns in new[] { _sender, _receiver })
            {
                ns.Exec("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            }

            _sender.Exec("ip", "link", "add", SenderInterface, "type", "veth", "peer", "name", ReceiverInterface, "netns", _receiver.Name);
            _sender.Exec("ip", "link", "set", SenderInterface, "up");
            _receiver.Exec("ip", "link", "set", ReceiverInterface, "up");
            _sendSocket = InNamespace(_sender, () =>
            {
                PacketSocket socket = PacketSocket.Open(EtherType);
                socket.Bind(SenderInterface);
                return socket;
            });
        }
        catch
        {
            _receiver.Dispose();
            _sender.Dispose();
            throw;
        }
    }

    public NetworkNamespace Receiver => _receiver;

    /// <summary>Opens a capture of the test EtherType on the receiving end (created inside its namespace).</summary>
    public PacketCapture OpenCapture(PacketCaptureOptions options) =>
        InNamespace(_receiver, () => PacketCapture.Open(new PacketCaptureOptions
        {
            Interface = options.Interface ?? ReceiverInterface,
            Protocol = EtherType,
            ReceivePath = options.ReceivePath,
            BlockSize = options.BlockSize,
            BlockCount = options.BlockCount,
            FrameSize = options.FrameSize,
            BlockRetireTimeout = options.BlockRetireTimeout,
            MaxFrameLength = options.MaxFrameLength,
            Promiscuous = options.Promiscuous,
            Fanout = options.Fanout,
            Filter = options.Filter,
        }));

    /// <summary>
    /// Sends frames <paramref name="first"/> .. first+count-1; <paramref name="marker"/> picks each frame's
    /// marker byte. A veth hands each frame to the receiving CPU's backlog (net.core.netdev_max_backlog,
    /// 1000), which the softirq empties; on a busy machine it may run late, so the sender pauses every
    /// 100 frames to let it, so that frames are lost at the capture's socket rather than before it.
    /// </summary>
    public void Send(int first, int count, Func<int, byte>? marker = null)
    {
        Span<byte> frame = stackalloc byte[FrameLength];
        for (int sequence = first; sequence < first + count; sequence++)
        {
            Build(frame, sequence, marker?.Invoke(sequence) ?? 0x5A);
            _sendSocket.Send(frame);
            if ((sequence - first) % 100 == 99)
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>
    /// Frames the veth pair itself dropped (the sending end's tx_dropped, the receiving end's
    /// rx_dropped, where a backlog overflow on the receiving CPU is counted): frames lost there never
    /// reach a packet socket, so a test that sees this grow cannot expect every frame sent to reach its capture.
    /// </summary>
    public long LinkDrops() =>
        long.Parse(_sender.Exec("cat", $"/sys/class/net/{SenderInterface}/statistics/tx_dropped").Trim(), System.Globalization.CultureInfo.InvariantCulture) +
        long.Parse(_receiver.Exec("cat", $"/sys/class/net/{ReceiverInterface}/statistics/rx_dropped").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A test frame: broadcast, source 02:00:00:00:0d:01, the test EtherType, sequence (big-endian), marker, a pattern.</summary>
    public static void Build(Span<byte> frame, int sequence, byte marker)
    {
        frame.Slice(0, 6).Fill(0xFF);
        new byte[] { 0x02, 0, 0, 0, 0x0d, 0x01 }.CopyTo(frame.Slice(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.Slice(12), EtherType);
        BinaryPrimitives.WriteInt32BigEndian(frame.Slice(14), sequence);
        frame[18] = marker;
        for (int i = 19; i < frame.Length; i++)
        {
            frame[i] = (byte)(sequence + i);
        }
    }

    /// <summary>The sequence number of a test frame.</summary>
    public static int Sequence(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadInt32BigEndian(frame.Slice(14));

    /// <summary>Runs <paramref name="body"/> on a thread inside <paramref name="ns"/> (sockets it opens live there).</summary>
    public static T InNamespace<T>(NetworkNamespace ns, Func<T> body)
    {
        T? result = default;
        Thread thread = NamespaceThread.Start(ns, _ => result = body(), out Func<Exception?> failure);
        if (!thread.Join(ThreadTimeout))
        {
            throw new TimeoutException("the namespace thread did not finish in 30 s");
        }

        if (failure() is { } exception)
        {
            throw exception;
        }

        return result!;
    }

    public void Dispose()
    {
        _sendSocket.Dispose();
        _receiver.Dispose();
        _sender.Dispose();
    }
}
