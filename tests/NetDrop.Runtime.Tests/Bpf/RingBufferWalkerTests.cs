using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using NetDrop.Bpf;

namespace NetDrop.Tests.Bpf;

/// <summary>
/// The ring-buffer consumer over memory laid out as the kernel shares it (positions, and the data area
/// mapped twice): committed records in order, busy ones wait, discarded ones are skipped but freed,
/// records wrapping past the end arrive whole, and a length larger than the ring is refused.
/// </summary>
public sealed unsafe class RingBufferWalkerTests : IDisposable
{
    private const int Size = 256;

    private readonly ulong* _consumer = (ulong*)NativeMemory.AllocZeroed(8);
    private readonly ulong* _producer = (ulong*)NativeMemory.AllocZeroed(8);
    private readonly byte* _data = (byte*)NativeMemory.AllocZeroed(2 * Size);

    [Fact]
    public void Committed_records_arrive_in_order_and_free_their_space()
    {
        Produce(0, "first"u8);
        Produce(16, "second!"u8);

        List<string> records = Drain(out int count);

        Assert.Equal(new[] { "first", "second!" }, records);
        Assert.Equal(2, count);
        Assert.Equal(32UL, *_consumer);
    }

    [Fact]
    public void A_busy_record_holds_back_itself_and_everything_after_it()
    {
        Produce(0, "one"u8);
        Produce(16, "busy"u8, RingBufferWalker.BusyBit);
        Produce(32, "after"u8);

        Assert.Equal(new[] { "one" }, Drain(out _));
        Assert.Equal(16UL, *_consumer);
    }

    [Fact]
    public void A_discarded_record_is_skipped_and_freed()
    {
        Produce(0, "dropped"u8, RingBufferWalker.DiscardBit);
        Produce(16, "kept"u8);

        Assert.Equal(new[] { "kept" }, Drain(out int count));
        Assert.Equal(1, count);
        Assert.Equal(32UL, *_consumer);
    }

    [Fact]
    public void A_record_that_wraps_past_the_end_arrives_whole()
    {
        // Positions only grow: the ring has been round once, and this record starts 16 bytes before the end.
        *_consumer = Size + Size - 16;
        Produce(Size + Size - 16, "wrapping-record-of-24-bytes"u8);

        Assert.Equal(new[] { "wrapping-record-of-24-bytes" }, Drain(out _));
        Assert.Equal((ulong)(2 * Size) + 24, *_consumer);
    }

    [Fact]
    public void A_length_larger_than_the_ring_is_refused()
    {
        Produce(0, "x"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(_data, 4), 100_000);

        Assert.Contains("more than the ring holds", Assert.Throws<BpfException>(() => Drain(out _)).Message);
    }

    [Fact]
    public void Draining_allocates_nothing()
    {
        Produce(0, "first"u8);
        Produce(16, "second"u8);
        var counter = new Counter();
        RingBufferWalker.Drain(_consumer, _producer, _data, Size - 1, ref counter);
        *_consumer = 0;

        long before = GC.GetAllocatedBytesForCurrentThread();
        RingBufferWalker.Drain(_consumer, _producer, _data, Size - 1, ref counter);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(4, counter.Records);
    }

    public void Dispose()
    {
        NativeMemory.Free(_consumer);
        NativeMemory.Free(_producer);
        NativeMemory.Free(_data);
    }

    // Writes a record at a position, into both copies of the area as the double mapping shows it, and moves the producer past it.
    private void Produce(ulong position, ReadOnlySpan<byte> body, uint flags = 0)
    {
        var record = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)body.Length | flags);
        body.CopyTo(record.AsSpan(8));
        for (int i = 0; i < record.Length; i++)
        {
            int at = (int)((position + (ulong)i) % Size);
            _data[at] = record[i];
            _data[at + Size] = record[i];
        }

        *_producer = Math.Max(*_producer, position + (((ulong)record.Length + 7) & ~7UL));
    }

    private List<string> Drain(out int count)
    {
        var collector = new Collector { Records = new List<string>() };
        count = RingBufferWalker.Drain(_consumer, _producer, _data, Size - 1, ref collector);
        return collector.Records;
    }

    private struct Collector : IRingBufferHandler
    {
        public List<string> Records;

        public void OnRecord(ReadOnlySpan<byte> record) => Records.Add(System.Text.Encoding.ASCII.GetString(record));
    }

    private struct Counter : IRingBufferHandler
    {
        public int Records;

        public void OnRecord(ReadOnlySpan<byte> record) => Records++;
    }
}
