using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using NetDrop.Packet;
using NetDrop.Tests.Tracing;
using NetDrop.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Tracing;

/// <summary>
/// Drops caused from sockets the test opens inside its namespaces, on a thread whose id the
/// tracefs filter selects: a full receive buffer, and a frame with a bad IP header checksum.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed partial class SocketDropTests
{
    private const int Datagrams = 40;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static unsafe partial nint SendTo(int fd, byte* buffer, nint length, int flags, sockaddr_ll* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LiveKernelFact]
    public void A_full_udp_receive_buffer_is_SOCKET_RCVBUFF()
    {
        using var ns = new NetworkNamespace();
        int received = 0;
        List<CollectedDrop> drops = DropsOfThread(ns, () =>
        {
            // Created here, inside the namespace; closed by the send step, after it counted what arrived.
            var receiver = new System.Net.Sockets.Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

            // The kernel raises a tiny buffer to its minimum, which holds only a few 1000-byte datagrams.
            receiver.ReceiveBufferSize = 1;
            receiver.Bind(new IPEndPoint(IPAddress.Loopback, 7000));
            var sender = new System.Net.Sockets.Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            byte[] datagram = new byte[1000];
            return () =>
            {
                using (receiver)
                using (sender)
                {
                    for (int i = 0; i < Datagrams; i++)
                    {
                        sender.SendTo(datagram, new IPEndPoint(IPAddress.Loopback, 7000));
                    }

                    receiver.Blocking = false;
                    byte[] buffer = new byte[2048];
                    while (receiver.Available > 0 && receiver.Receive(buffer) > 0)
                    {
                        received++;
                    }
                }
            };
        }, out KernelDropReasons reasons);

        Assert.InRange(received, 1, Datagrams - 1);
        Assert.Equal(Datagrams - received, drops.Count);
        Assert.All(drops, drop => Assert.Equal(DropReason.SocketRcvbuff, reasons.Reason(drop.Reason!.Value)));
        Assert.All(drops, drop => Assert.NotEqual(0UL, drop.RxSocket));
    }

    [LiveKernelFact]
    public unsafe void A_bad_ip_header_checksum_is_IP_CSUM()
    {
        using var sender = new NetworkNamespace();
        using var receiver = new NetworkNamespace();
        sender.Exec("ip", "link", "add", "ndta", "type", "veth", "peer", "name", "ndtb", "netns", receiver.Name);
        sender.Exec("ip", "link", "set", "ndta", "up");
        receiver.Exec("ip", "addr", "add", "10.213.0.2/30", "dev", "ndtb");
        receiver.Exec("ip", "link", "set", "ndtb", "up");
        byte[] destination = Convert.FromHexString(receiver.Exec("cat", "/sys/class/net/ndtb/address").Trim().Replace(":", string.Empty, StringComparison.Ordinal));
        int ifIndex = int.Parse(sender.Exec("cat", "/sys/class/net/ndta/ifindex").Trim(), CultureInfo.InvariantCulture);
        byte[] frame = UdpFrameWithBadChecksum(destination);

        List<CollectedDrop> drops = DropsOfThread(sender, () =>
        {
            int fd = Socket(17 /* AF_PACKET */, 3 /* SOCK_RAW */, 0);
            Assert.True(fd >= 0, "socket(AF_PACKET) failed: errno " + Marshal.GetLastPInvokeError());
            return () =>
            {
                try
                {
                    var address = new sockaddr_ll { sll_family = 17, sll_ifindex = ifIndex, sll_halen = 6 };
                    destination.CopyTo(address.sll_addr);
                    for (int i = 0; i < Datagrams; i++)
                    {
                        fixed (byte* bytes = frame)
                        {
                            Assert.Equal(frame.Length, (int)SendTo(fd, bytes, frame.Length, 0, &address, sockaddr_ll.Size));
                        }
                    }
                }
                finally
                {
                    Close(fd);
                }
            };
        }, out KernelDropReasons reasons);

        Assert.Equal(Datagrams, drops.Count);
        Assert.All(drops, drop => Assert.Equal(DropReason.IpCsum, reasons.Reason(drop.Reason!.Value)));
    }

    /// <summary>
    /// Prepares sockets on a thread inside <paramref name="ns"/>, opens the source filtered on that
    /// thread's id, then lets the thread send; returns the drops recorded in its context.
    /// </summary>
    private static List<CollectedDrop> DropsOfThread(NetworkNamespace ns, Func<Action> prepare, out KernelDropReasons reasons)
    {
        using var ready = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        int tid = 0;
        Thread thread = NamespaceThread.Start(ns, threadId =>
        {
            Action send = prepare();
            tid = threadId;
            ready.Set();
            if (go.Wait(TimeSpan.FromSeconds(20)))
            {
                send();
            }
        }, out Func<Exception?> failure);

        Assert.True(ready.Wait(TimeSpan.FromSeconds(20)), "the namespace thread did not start: " + failure());
        using KfreeSkbSource source = KfreeSkbSource.Open(new KfreeSkbOptions
        {
            Filter = "common_pid == " + tid.ToString(CultureInfo.InvariantCulture),
            BufferSizeKilobytes = 256,
        });
        reasons = source.Reasons;
        go.Set();
        Assert.True(thread.Join(TimeSpan.FromSeconds(20)), "the namespace thread did not finish");
        Assert.Null(failure());

        var collector = new DropCollector();
        var clock = Stopwatch.StartNew();
        do
        {
            source.Wait();
            source.ReadAvailable(ref collector);
        }
        while (clock.Elapsed < TimeSpan.FromMilliseconds(300));
        source.StopAndDrain(ref collector);
        Assert.Equal(0, source.ReadKernelLossCounters());
        return collector.Drops;
    }

    /// <summary>Ethernet + IPv4 (10.213.0.1 → 10.213.0.2, header checksum deliberately wrong) + UDP to port 9.</summary>
    private static byte[] UdpFrameWithBadChecksum(byte[] destinationMac)
    {
        byte[] frame = new byte[14 + 20 + 8 + 4];
        destinationMac.CopyTo(frame, 0);
        new byte[] { 0x02, 0, 0, 0, 0xd0, 0x01 }.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        Span<byte> ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(2), 20 + 8 + 4);
        ip[8] = 64;
        ip[9] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(10), 0xbad0);
        new byte[] { 10, 213, 0, 1, 10, 213, 0, 2 }.CopyTo(ip.Slice(12));
        Span<byte> udp = frame.AsSpan(34, 8);
        BinaryPrimitives.WriteUInt16BigEndian(udp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(udp.Slice(2), 9);
        BinaryPrimitives.WriteUInt16BigEndian(udp.Slice(4), 8 + 4);
        return frame;
    }
}
