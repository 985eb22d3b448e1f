using System;
using System.Threading;

namespace NetDrop.Bpf;

/// <summary>
/// The consumer side of a BPF ring buffer (kernel/bpf/ringbuf.c), over the three places the kernel
/// shares: the consumer position (written here), the producer position and the data area, which is
/// mapped twice in a row so a record that wraps past the end reads as one span. Each record starts
/// with an 8-byte header, its length (with BUSY and DISCARD in the top bits) and a page offset; records
/// are 8-byte aligned. Positions only grow; the mask maps them into the area.
/// </summary>
internal static unsafe class RingBufferWalker
{
    public const uint BusyBit = 1u << 31;
    public const uint DiscardBit = 1u << 30;
    public const int HeaderSize = 8;

    /// <summary>
    /// Hands the committed records to <paramref name="handler"/>, at most <paramref name="maxRecords"/>, freeing
    /// their space as it goes; returns how many (discarded ones not counted). The rest wait for the next call.
    /// </summary>
    public static int Drain<THandler>(ulong* consumerPosition, ulong* producerPosition, byte* data, ulong mask, ref THandler handler, int maxRecords = int.MaxValue)
        where THandler : IRingBufferHandler, allows ref struct
    {
        int delivered = 0;
        ulong consumer = Volatile.Read(ref *consumerPosition);
        while (true)
        {
            // Acquire: what the producer wrote before moving its position is visible.
            ulong producer = Volatile.Read(ref *producerPosition);
            if (consumer >= producer)
            {
                return delivered;
            }

            while (consumer < producer)
            {
                if (delivered >= maxRecords)
                {
                    return delivered;
                }

                byte* header = data + (consumer & mask);
                uint word = Volatile.Read(ref *(uint*)header);
                if ((word & BusyBit) != 0)
                {
                    // Reserved but not yet submitted: records after it wait for it, in order.
                    return delivered;
                }

                uint length = word & ~(BusyBit | DiscardBit);
                if (length > mask + 1 - HeaderSize)
                {
                    throw new BpfException($"a ring-buffer record at position {consumer} claims {length} bytes, more than the ring holds ({mask + 1}).", 0);
                }

                if ((word & DiscardBit) == 0)
                {
                    handler.OnRecord(new ReadOnlySpan<byte>(header + HeaderSize, (int)length));
                    delivered++;
                }

                consumer += (length + HeaderSize + 7) & ~7UL;

                // Release: the kernel may reuse the space only after the record has been read.
                Volatile.Write(ref *consumerPosition, consumer);
            }
        }
    }
}
