using System;
using System.Numerics;
using System.Threading;
using NetDrop.Interop;

namespace NetDrop.Bpf;

/// <summary>
/// A BPF_MAP_TYPE_RINGBUF (Linux 5.8) and its mappings: the consumer page read-write, the producer
/// page and the data area (twice) read-only. Records are read in place with no copy and no
/// allocation; waiting is poll(2) on the map's descriptor, which the kernel wakes on submit.
/// </summary>
public sealed unsafe class BpfRingBuffer : IDisposable
{
    private readonly FileDescriptor _map;
    private readonly byte* _consumer;
    private readonly byte* _producer;
    private readonly nuint _producerLength;
    private readonly int _pageSize;
    private int _disposed;

    private BpfRingBuffer(FileDescriptor map, int size, byte* consumer, byte* producer, nuint producerLength, int pageSize)
    {
        _map = map;
        Size = size;
        _consumer = consumer;
        _producer = producer;
        _producerLength = producerLength;
        _pageSize = pageSize;
    }

    /// <summary>Bytes in the data area (a power of two, at least a page).</summary>
    public int Size { get; }

    /// <summary>The map's descriptor number, for a program's map load.</summary>
    public int Fd => _map.Value;

    /// <summary>Bytes written but not yet read.</summary>
    public long Pending => (long)(Volatile.Read(ref *(ulong*)_producer) - Volatile.Read(ref *(ulong*)_consumer));

    /// <param name="size">Data area bytes: a power of two and a multiple of the page size.</param>
    public static BpfRingBuffer Create(string name, int size)
    {
        int pageSize = Environment.SystemPageSize;
        if (size < pageSize || !BitOperations.IsPow2(size) || size > 1 << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"a ring buffer's size is a power of two from the page size ({pageSize}) to 1 GiB.");
        }

        FileDescriptor map = BpfSyscall.CreateMap(BpfMapType.RingBuffer, 0, 0, size, name);
        byte* consumer = null;
        try
        {
            consumer = (byte*)LibC.Mmap(null, (nuint)pageSize, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, map.Value, 0);
            if (consumer == (byte*)-1)
            {
                consumer = null;
                throw BpfSyscall.Refused($"mapping the ring buffer {name}'s consumer page", LibC.LastError);
            }

            nuint producerLength = (nuint)pageSize + (2 * (nuint)size);
            byte* producer = (byte*)LibC.Mmap(null, producerLength, LibC.PROT_READ, LibC.MAP_SHARED, map.Value, pageSize);
            if (producer == (byte*)-1)
            {
                throw BpfSyscall.Refused($"mapping the ring buffer {name}'s data", LibC.LastError);
            }

            return new BpfRingBuffer(map, size, consumer, producer, producerLength, pageSize);
        }
        catch
        {
            if (consumer is not null)
            {
                LibC.Munmap(consumer, (nuint)pageSize);
            }

            map.Dispose();
            throw;
        }
    }

    /// <summary>Hands the records the kernel has committed to <paramref name="handler"/>, at most <paramref name="maxRecords"/>; returns how many.</summary>
    public int ReadAvailable<THandler>(ref THandler handler, int maxRecords = int.MaxValue)
        where THandler : IRingBufferHandler, allows ref struct
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return RingBufferWalker.Drain((ulong*)_consumer, (ulong*)_producer, _producer + _pageSize, (ulong)Size - 1, ref handler, maxRecords);
    }

    /// <summary>
    /// The longest a record waits for its reader: the drop program wakes the reader only once enough is waiting
    /// (KfreeSkbProgram's wakeupBytes), so <see cref="Wait"/> looks at the ring at least this often.
    /// </summary>
    public const int MaxBatchDelayMilliseconds = 100;

    /// <summary>Waits until the kernel has records or the timeout passes; true when records are ready.</summary>
    public bool Wait(int timeoutMilliseconds)
    {
        // A negative timeout waits for records however long it takes, as poll(2)'s does.
        long deadline = timeoutMilliseconds < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMilliseconds;
        while (true)
        {
            long left = deadline - Environment.TickCount64;
            if (WaitOnce((int)Math.Clamp(left, 0, MaxBatchDelayMilliseconds)) || left <= MaxBatchDelayMilliseconds)
            {
                return Pending > 0;
            }
        }
    }

    private bool WaitOnce(int timeoutMilliseconds)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Pending > 0)
        {
            return true;
        }

        bool added = false;
        try
        {
            _map.DangerousAddRef(ref added);
            LibC.PollFd poll = new() { fd = _map.Value, events = LibC.POLLIN };
            int ready = LibC.Poll(&poll, 1, timeoutMilliseconds);
            if (ready < 0)
            {
                Errno errno = LibC.LastError;
                if (errno != Errno.EINTR)
                {
                    throw BpfSyscall.Refused("waiting on the ring buffer", errno);
                }
            }

            return Pending > 0;
        }
        finally
        {
            if (added)
            {
                _map.DangerousRelease();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        LibC.Munmap(_producer, _producerLength);
        LibC.Munmap(_consumer, (nuint)_pageSize);
        _map.Dispose();
    }
}
