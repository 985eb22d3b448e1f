using System;
using System.Diagnostics;
using System.IO;
using NetDrop.CaptureFiles;
using NetDrop.Cli.Watch;
using NetDrop.Tests.Watch;
using Xunit;

namespace NetDrop.Cli.Tests.Watch;

/// <summary>
/// What watch does with a drop once the source has made it: the default table with --write, and --json,
/// allocate nothing per drop once warm. (Making the event is the source's cost, measured by the load
/// benchmark as whole processes.)
/// </summary>
public class WatchAllocationTests
{
    private const int Rounds = 20;
    private const int PerRound = 1000;

    /// <summary>IPv4 drops of every source, with and without interface, reason, symbol and payload.</summary>
    private static readonly DropEvent[] IPv4Drops = [SampleDrops.BpfUdp, SampleDrops.TracepointUdp, SampleDrops.UdpNoSocket, SampleDrops.NftIPv6, SampleDrops.FutureIcmp];

    [Fact]
    public void The_table_and_the_pcapng_file_allocate_nothing_per_drop()
    {
        var table = new DropRateTable(Stopwatch.StartNew());
        var file = new PcapNgDropSink(new DropCaptureWriter(new PcapNgWriter(Stream.Null)), "/dev/null");

        // The IPv6 hardware drop too: the file and the table never format an address.
        DropEvent[] drops = [.. IPv4Drops, SampleDrops.HardwareTcp];
        (int roundsAllocating, long allocated) = Measure(drops, table, file);
        file.Close(null);

        Assert.Equal(Rounds * PerRound, table.Total);
        Assert.Equal(Rounds * PerRound, file.Written);
        Assert.True(roundsAllocating <= 1, $"{roundsAllocating} of {Rounds - 2} rounds allocated, {allocated} bytes in all");
    }

    [Fact]
    public void Json_records_allocate_nothing_per_drop()
    {
        using var output = new CountingStream();
        using var json = new JsonDropSink(output);

        // IPv6 addresses are still written through an IPAddress; every other field is written from spans.
        (int roundsAllocating, long allocated) = Measure(IPv4Drops, json);

        json.Flush();
        Assert.True(output.Lines >= Rounds * PerRound, $"{output.Lines} records");
        Assert.True(roundsAllocating <= 1, $"{roundsAllocating} of {Rounds - 2} rounds allocated, {allocated} bytes in all");
    }

    /// <summary>
    /// Feeds the drops round after round as the watch loop does (a WatchedDrop each, then a flush per batch).
    /// A cost per drop shows in every round; a one-off of the runtime's (a method tiering up late on a busy
    /// machine) in one round, which is not a cost per drop.
    /// </summary>
    private static (int RoundsAllocating, long Allocated) Measure(DropEvent[] drops, params IDropSink[] sinks)
    {
        int roundsAllocating = 0;
        long allocated = 0;
        for (int round = 0; round < Rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < PerRound; i++)
            {
                var watched = new WatchedDrop(drops[i % drops.Length]);
                foreach (IDropSink sink in sinks)
                {
                    sink.Write(watched);
                }
            }

            foreach (IDropSink sink in sinks)
            {
                sink.Flush();
            }

            long after = GC.GetAllocatedBytesForCurrentThread();
            if (round > 1 && after != before)
            {
                allocated += after - before;
                roundsAllocating++;
            }
        }

        return (roundsAllocating, allocated);
    }

    /// <summary>Standard output's stand-in: counts the lines written and keeps nothing.</summary>
    private sealed class CountingStream : Stream
    {
        public long Lines { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer) => Lines += buffer.Count((byte)'\n');

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
