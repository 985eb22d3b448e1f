using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// The reader behind NetDmClient.ReadAlertsAsync, fed the real captures' event datagrams as the
/// events socket hands them over: it reuses its alerts, allocates nothing per alert once warm, hands
/// out every message of a datagram, and ToOwned copies outlive the alert they came from.
/// </summary>
public class StreamedAlertTests
{
    private const int Passes = 2_000;

    private static long s_sink;

    [Fact]
    public void Streaming_packet_alerts_allocates_nothing_per_alert_after_warm_up()
    {
        (ushort familyId, List<byte[]> first) = EventDatagrams.Read("netdm-packet");
        (_, List<byte[]> second) = EventDatagrams.Read("netdm-packet-swhw");
        byte[][] datagrams = [.. first, .. second];
        var reader = new StreamedAlertReader(new NetDmAlertDecoder(familyId), 128 * 1024, symbols: null);

        // The warm-up compiles the path and fills the string cache with the captures' names.
        int perPass = ReadAll(reader, datagrams);
        Assert.True(perPass >= 10, $"the captures hold {perPass} packet alerts");

        long before = GC.GetAllocatedBytesForCurrentThread();
        int alerts = 0;
        for (int pass = 0; pass < Passes; pass++)
        {
            alerts += ReadAll(reader, datagrams);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(perPass * Passes, alerts);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task The_async_enumerable_allocates_nothing_per_alert_after_warm_up()
    {
        (ushort familyId, List<byte[]> first) = EventDatagrams.Read("netdm-packet");
        (_, List<byte[]> second) = EventDatagrams.Read("netdm-packet-swhw");
        var source = new RecordedDatagrams([.. first, .. second]);
        var reader = new StreamedAlertReader(new NetDmAlertDecoder(familyId), 128 * 1024, symbols: null);
        await using IAsyncEnumerator<DropAlert> alerts = StreamedAlertReader.ReadAsync(source, reader, CancellationToken.None).GetAsyncEnumerator();

        const int warmUp = 1_000;
        const int measured = 20_000;
        long checksum = 0;
        for (int i = 0; i < warmUp; i++)
        {
            // Names become strings when first read, so the warm-up reads them to fill the cache.
            Assert.True(await alerts.MoveNextAsync());
            var packet = (PacketDropAlert)alerts.Current;
            checksum += (packet.ReasonName?.Length ?? 0) + (packet.Symbol?.Length ?? 0);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < measured; i++)
        {
            // Synchronously completed, as every MoveNextAsync is while datagrams are queued.
            ValueTask<bool> next = alerts.MoveNextAsync();
            Assert.True(next.IsCompletedSuccessfully);
            Assert.True(await next);
            var packet = (PacketDropAlert)alerts.Current;
            checksum += packet.Payload.Length + (packet.ReasonName?.Length ?? 0) + (packet.Symbol?.Length ?? 0);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        s_sink += checksum;
        Assert.True(source.Received > measured / 2, $"{source.Received} datagrams");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task The_async_enumerable_ends_when_cancelled_while_waiting()
    {
        (ushort familyId, List<byte[]> datagrams) = EventDatagrams.Read("netdm-packet");
        var source = new RecordedDatagrams(datagrams.ToArray(), rounds: 1);
        var reader = new StreamedAlertReader(new NetDmAlertDecoder(familyId), 128 * 1024, symbols: null);
        int count = 0;
        await foreach (DropAlert alert in StreamedAlertReader.ReadAsync(source, reader, CancellationToken.None))
        {
            Assert.IsType<PacketDropAlert>(alert);
            count++;
        }

        Assert.Equal(CapturedNetDm.Read("netdm-packet").PacketAlerts.Count(), count);
    }

    [Fact]
    public async Task A_cancelled_token_ends_the_enumeration_while_alerts_are_still_queued()
    {
        (ushort familyId, List<byte[]> datagrams) = EventDatagrams.Read("netdm-packet");
        foreach (bool withCancellation in new[] { false, true })
        {
            var source = new RecordedDatagrams(datagrams.ToArray());
            var reader = new StreamedAlertReader(new NetDmAlertDecoder(familyId), 128 * 1024, symbols: null);
            using var stop = new CancellationTokenSource();
            IAsyncEnumerable<DropAlert> alerts = StreamedAlertReader.ReadAsync(source, reader, withCancellation ? CancellationToken.None : stop.Token);
            int count = 0;
            await foreach (DropAlert alert in alerts.WithCancellation(withCancellation ? stop.Token : CancellationToken.None))
            {
                if (++count == 3)
                {
                    stop.Cancel();
                }
            }

            Assert.Equal(3, count);
        }
    }

    [Fact]
    public async Task The_enumeration_goes_on_after_waiting_for_a_datagram()
    {
        (ushort familyId, List<byte[]> datagrams) = EventDatagrams.Read("netdm-packet");
        var source = new LateDatagrams(datagrams.ToArray());
        var reader = new StreamedAlertReader(new NetDmAlertDecoder(familyId), 128 * 1024, symbols: null);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var payloads = new List<byte[]>();
        await foreach (DropAlert alert in StreamedAlertReader.ReadAsync(source, reader, stop.Token))
        {
            payloads.Add(((PacketDropAlert)alert).Payload.ToArray());
        }

        // Every datagram came after an asynchronous wait; each alert was still read, and in order.
        Assert.Equal(datagrams.Count, source.Waits - 1);
        Assert.Equal(CapturedNetDm.Read("netdm-packet").PacketAlerts.Select(m => m.PacketAlert!.Payload), payloads);
        Assert.False(stop.IsCancellationRequested);
    }

    [Fact]
    public void Streaming_summary_alerts_allocates_nothing_per_alert_after_warm_up()
    {
        (ushort familyId, List<byte[]> list) = EventDatagrams.Read("netdm-summary");
        byte[][] datagrams = list.ToArray();
        var reader = new StreamedAlertReader(new NetDmAlertDecoder(familyId), 128 * 1024, symbols: null);
        int perPass = ReadAll(reader, datagrams);
        Assert.NotEqual(0, perPass);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int alerts = 0;
        for (int pass = 0; pass < Passes; pass++)
        {
            alerts += ReadAll(reader, datagrams);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(perPass * Passes, alerts);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void The_reader_reuses_one_alert_and_the_strings_of_repeated_names()
    {
        (ushort familyId, List<byte[]> datagrams) = EventDatagrams.Read("netdm-packet");
        var reader = new StreamedAlertReader(new NetDmAlertDecoder(familyId), 128 * 1024, symbols: null);
        var seen = new List<PacketDropAlert>();
        var reasons = new Dictionary<string, string>();
        foreach (byte[] datagram in datagrams)
        {
            Receive(reader, datagram);
            while (reader.TryRead(out DropAlert? alert))
            {
                PacketDropAlert packet = Assert.IsType<PacketDropAlert>(alert);
                seen.Add(packet);
                if (packet.ReasonName is { } name)
                {
                    // The same reason twice is the same string object, not an equal copy.
                    Assert.Same(reasons.TryGetValue(name, out string? earlier) ? earlier : reasons[name] = name, name);
                }
            }
        }

        Assert.True(seen.Count > 1);
        Assert.All(seen, alert => Assert.Same(seen[0], alert));
        Assert.True(reasons.Count < seen.Count, "the capture repeats a reason");
    }

    [Fact]
    public void Owned_copies_keep_their_values_after_the_reader_moves_on()
    {
        (ushort familyId, List<byte[]> datagrams) = EventDatagrams.Read("netdm-packet");
        PacketAlertSnapshot[] expected = CapturedNetDm.Read("netdm-packet").PacketAlerts.Select(m => m.PacketAlert!).ToArray();
        var reader = new StreamedAlertReader(new NetDmAlertDecoder(familyId), 128 * 1024, symbols: null);
        var kept = new List<PacketDropAlert>();
        foreach (byte[] datagram in datagrams)
        {
            Receive(reader, datagram);
            while (reader.TryRead(out DropAlert? alert))
            {
                kept.Add(((PacketDropAlert)alert!).ToOwned());
            }
        }

        // Overwrite the receive buffer, as the next datagram does, before looking at the copies.
        reader.ReceiveBuffer.AsSpan().Fill(0xee);
        Assert.Equal(expected.Length, kept.Count);
        Assert.Equal(expected.Length, kept.Distinct().Count());
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].ProgramCounter, kept[i].ProgramCounter);
            Assert.Equal(expected[i].Symbol, kept[i].Symbol ?? "");
            Assert.Equal(expected[i].ReasonName, kept[i].ReasonName ?? "");
            Assert.Equal((long?)expected[i].TimestampNanoseconds, kept[i].UnixNanoseconds);
            Assert.Equal(expected[i].Payload, kept[i].Payload.ToArray());
        }
    }

    [Fact]
    public void Owned_summary_copies_keep_their_points_after_the_next_summary()
    {
        (ushort familyId, List<byte[]> datagrams) = EventDatagrams.Read("netdm-summary");
        Assert.True(datagrams.Count >= 2);
        var reader = new StreamedAlertReader(new NetDmAlertDecoder(familyId), 128 * 1024, symbols: null);
        Receive(reader, datagrams[0]);
        Assert.True(reader.TryRead(out DropAlert? first));
        SummaryDropAlert owned = ((SummaryDropAlert)first!).ToOwned();
        SummaryDropPoint[] before = owned.Locations.ToArray();

        Receive(reader, datagrams[^1]);
        Assert.True(reader.TryRead(out DropAlert? last));
        Assert.Same(first, last);
        Assert.Equal(before, owned.Locations);
        Assert.NotSame(owned, last);
    }

    [Fact]
    public void Every_message_of_a_datagram_is_handed_out_in_order()
    {
        const ushort familyId = 0x1c;
        var buffer = new byte[4096];
        var writer = new NetlinkWriter(buffer);
        for (uint ifIndex = 1; ifIndex <= 3; ifIndex++)
        {
            int message = writer.BeginMessage(familyId, 0, 0);
            writer.WriteGenericHeader((byte)NetDmCommand.PacketAlert, 2);
            int port = NetDmAttributeWriter.BeginInPort(ref writer);
            NetDmPortAttributeWriter.PutNetdevIfindex(ref writer, ifIndex);
            writer.EndNested(port);
            NetDmAttributeWriter.PutPayload(ref writer, new byte[] { 0x45, (byte)ifIndex });
            writer.EndMessage(message);
        }

        var reader = new StreamedAlertReader(new NetDmAlertDecoder(familyId), 4096, symbols: null);
        Receive(reader, writer.Written.ToArray());
        var read = new List<(uint?, byte[])>();
        while (reader.TryRead(out DropAlert? alert))
        {
            var packet = (PacketDropAlert)alert!;
            read.Add((packet.InputIfIndex, packet.Payload.ToArray()));
        }

        Assert.Equal([(1u, new byte[] { 0x45, 1 }), (2u, new byte[] { 0x45, 2 }), (3u, new byte[] { 0x45, 3 })], read.Select(r => ((uint)r.Item1!, r.Item2)));
        Assert.False(reader.TryRead(out _));
    }

    /// <summary>Feeds each datagram as a socket receive would, reads every property of every alert.</summary>
    private static int ReadAll(StreamedAlertReader reader, ReadOnlySpan<byte[]> datagrams)
    {
        int alerts = 0;
        long checksum = 0;
        foreach (byte[] datagram in datagrams)
        {
            Receive(reader, datagram);
            while (reader.TryRead(out DropAlert? alert))
            {
                alerts++;
                if (alert is PacketDropAlert packet)
                {
                    checksum += (long)packet.Origin + (long)(packet.ProgramCounter ?? 0) + (packet.Symbol?.Length ?? 0);
                    checksum += (packet.Reason is { } reason ? (long)reason : -1) + (packet.ReasonName?.Length ?? 0);
                    checksum += (packet.InputIfIndex ?? 0) + (packet.InputName?.Length ?? 0) + (packet.UnixNanoseconds ?? 0);
                    checksum += (packet.Protocol ?? 0) + (packet.OriginalLength ?? 0) + packet.Payload.Span[0];
                    checksum += (packet.HardwareTrapGroup?.Length ?? 0) + (packet.HardwareTrap?.Length ?? 0) + packet.FlowActionCookie.Length;
                }
                else if (alert is SummaryDropAlert summary)
                {
                    for (int i = 0; i < summary.Locations.Count; i++)
                    {
                        checksum += (long)summary.Locations[i].ProgramCounter + summary.Locations[i].Count;
                    }
                }
            }
        }

        s_sink += checksum;
        return alerts;
    }

    /// <summary>
    /// The events socket's part, played by recorded datagrams: queued for the given number of rounds,
    /// then a wait that ends in cancellation, as a cancelled ReadAlertsAsync's does.
    /// </summary>
    private sealed class RecordedDatagrams(byte[][] datagrams, int rounds = int.MaxValue) : IAlertDatagramSource
    {
        public long Received { get; private set; }

        public bool TryReceive(StreamedAlertReader reader)
        {
            if (Received >= (long)rounds * datagrams.Length)
            {
                return false;
            }

            Receive(reader, datagrams[Received++ % datagrams.Length]);
            return true;
        }

        public ValueTask WaitAsync(CancellationToken cancellationToken) => ValueTask.FromCanceled(new CancellationToken(canceled: true));
    }

    /// <summary>
    /// A socket that is empty each time it is first asked: every datagram comes after a wait that
    /// completes asynchronously; after the last, the wait ends in cancellation.
    /// </summary>
    private sealed class LateDatagrams(byte[][] datagrams) : IAlertDatagramSource
    {
        private int _next;
        private bool _ready;

        public int Waits { get; private set; }

        public bool TryReceive(StreamedAlertReader reader)
        {
            if (!_ready || _next == datagrams.Length)
            {
                return false;
            }

            _ready = false;
            Receive(reader, datagrams[_next++]);
            return true;
        }

        public async ValueTask WaitAsync(CancellationToken cancellationToken)
        {
            Waits++;
            await Task.Yield();
            if (_next == datagrams.Length)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            _ready = true;
        }
    }

    private static void Receive(StreamedAlertReader reader, byte[] datagram)
    {
        datagram.CopyTo(reader.ReceiveBuffer, 0);
        reader.Received(datagram.Length);
    }
}
