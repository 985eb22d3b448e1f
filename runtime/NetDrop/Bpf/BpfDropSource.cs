using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.Bpf.Btf;
using NetDrop.Interop;
using NetDrop.Kernel;
using NetDrop.Tracing;

namespace NetDrop.Bpf;

/// <summary>
/// Drops from a BPF program of NetDrop's own on skb:kfree_skb, on kernels from 5.8 with BTF: for each,
/// the reason and location as the tracepoint gives them, plus the CPU, the task, the interface, the
/// network namespace, the mark, the length, the local port and the packet's first bytes, sent through
/// a ring buffer. The program is built at load time from the running kernel's BTF and tracepoint
/// format; it and its maps live on descriptors, so they go when the source is disposed or the process
/// dies. Reading allocates nothing per drop; what the ring cannot hold is counted per CPU.
/// </summary>
public sealed unsafe class BpfDropSource : IDisposable
{
    private const string LossDetail = "drops the BPF ring buffer had no room for";

    private readonly BpfRingBuffer _ring;
    private readonly PerCpuCounters _loss;
    private readonly BpfProgram _program;
    private readonly int _pollMilliseconds;

    /// <summary>The device and task names of the drops made into events, decoded once while they repeat.</summary>
    private readonly BpfDropNames _names = new();
    private TracepointAttachment? _attachment;
    private int _disposed;

    private BpfDropSource(BpfRingBuffer ring, PerCpuCounters loss, BpfProgram program, TracepointAttachment attachment, KernelOffsets offsets, KernelDropReasons reasons, int snapLength, BpfDropSourceOptions options)
    {
        _ring = ring;
        _loss = loss;
        _program = program;
        _attachment = attachment;
        Offsets = offsets;
        Reasons = reasons;
        SnapLength = snapLength;
        _pollMilliseconds = (int)options.PollInterval.TotalMilliseconds;
        WallClockOffset = ClockOffset();
    }

    /// <summary>The struct offsets the program was built with.</summary>
    public KernelOffsets Offsets { get; }

    /// <summary>The running kernel's reason numbering, mapped to the catalogue.</summary>
    public KernelDropReasons Reasons { get; }

    public int SnapLength { get; }

    /// <summary>Nanoseconds to add to a record's CLOCK_MONOTONIC timestamp for Unix time.</summary>
    public long WallClockOffset { get; }

    public long EventsRead { get; private set; }

    /// <summary>The program's descriptor number (its /proc/self/fdinfo has the program's id).</summary>
    public int ProgramFd => _program.Descriptor.Value;

    /// <summary>Records shorter than the layout (none from a working kernel), skipped.</summary>
    public long DamagedRecords { get; private set; }

    /// <summary>Builds, loads and attaches the program.</summary>
    /// <exception cref="BpfException">The kernel refused (the message says why: capabilities, lockdown, verifier).</exception>
    /// <exception cref="BtfFormatException">The BTF is unreadable or damaged.</exception>
    /// <exception cref="BtfLookupException">The kernel's structs lack a member the program needs.</exception>
    public static BpfDropSource Open(BpfDropSourceOptions? options = null)
    {
        options ??= new BpfDropSourceOptions();
        if (options.SnapLength is < 0 or > BpfDropRecordLayout.MaxSnapLength)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SnapLength, $"the snap length is 0 to {BpfDropRecordLayout.MaxSnapLength} bytes.");
        }

        if (options.StackFrames is < 0 or > BpfDropRecordLayout.MaxStackFrames)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.StackFrames, $"a stack is 0 to {BpfDropRecordLayout.MaxStackFrames} frames.");
        }

        BtfTypes btf = options.BtfPath is null ? BtfTypes.LoadKernel() : BtfTypes.Load(options.BtfPath);
        KernelOffsets offsets = KernelOffsets.From(btf);
        string tracefs = options.TracefsPath ?? Tracefs.Locate();
        string formatPath = KfreeSkbFormat.PathUnder(tracefs);
        TraceEventFormat format;
        try
        {
            format = TraceEventFormat.Parse(File.ReadAllText(formatPath));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BpfException($"{formatPath} does not exist: this kernel has no skb:kfree_skb tracepoint.", Errno.ENOENT);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BpfException($"cannot read {formatPath}: {e.Message} (run as root).", 0);
        }

        KfreeSkbLayout layout = KfreeSkbLayout.From(format);
        KernelDropReasons reasons = KernelDropReasons.From(format);

        var owned = new List<IDisposable>();
        try
        {
            BpfRingBuffer ring = Own(owned, BpfRingBuffer.Create("netdrop_drops", options.RingBufferSize));
            PerCpuCounters loss = Own(owned, PerCpuCounters.Create("netdrop_counts", KfreeSkbProgram.CounterCount));
            // The program wakes this reader once a sixteenth of the ring is waiting; smaller batches are collected
            // by Wait's own short polls (BpfRingBuffer.MaxBatchDelayMilliseconds), so a drop waits at most that long.
            byte[] code = KfreeSkbProgram.Build(offsets, layout, ring.Fd, loss.Fd, options.SnapLength, options.Filter, options.StackFrames,
                wakeupBytes: options.RingBufferSize / 16);
            BpfProgram program = Own(owned, BpfProgram.Load(BpfProgramType.Tracepoint, code, KfreeSkbProgram.Name));
            TracepointAttachment attachment = TracepointAttachment.Attach(program, "skb/kfree_skb", tracefs);
            return new BpfDropSource(ring, loss, program, attachment, offsets, reasons, options.SnapLength, options);
        }
        catch
        {
            for (int i = owned.Count - 1; i >= 0; i--)
            {
                owned[i].Dispose();
            }

            throw;
        }
    }

    /// <summary>Hands the drops the kernel has recorded to <paramref name="handler"/>, at most <paramref name="maxRecords"/>; returns how many.</summary>
    public int ReadAvailable<THandler>(ref THandler handler, int maxRecords = int.MaxValue)
        where THandler : IBpfDropHandler, allows ref struct
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // The handler travels by value (a ref field cannot hold a ref struct) and comes back with its state.
        var dispatcher = new Dispatcher<THandler> { Handler = handler };
        try
        {
            _ring.ReadAvailable(ref dispatcher, maxRecords);
        }
        finally
        {
            handler = dispatcher.Handler;
        }

        EventsRead += dispatcher.Delivered;
        DamagedRecords += dispatcher.Damaged;
        return dispatcher.Delivered;
    }

    /// <summary>Waits until drops are ready or <paramref name="timeoutMilliseconds"/> passes; true when there is something to read.</summary>
    public bool Wait(int timeoutMilliseconds) => _ring.Wait(timeoutMilliseconds);

    /// <summary>Drops the ring buffer had no room for, summed over every CPU.</summary>
    public long ReadKernelLossCounters() => (long)_loss.Sum(KfreeSkbProgram.RingFullCounter);

    /// <summary>Drops the kernel filter (<see cref="BpfDropSourceOptions.Filter"/>) kept out, summed over every CPU.</summary>
    public long ReadKernelFilteredOut() => (long)_loss.Sum(KfreeSkbProgram.FilteredOutCounter);

    /// <summary>Drops the program recorded into the ring, summed over every CPU.</summary>
    public long ReadKernelDelivered() => (long)_loss.Sum(KfreeSkbProgram.DeliveredCounter);

    /// <summary>The loss in the shape every source reports it.</summary>
    public DropLoss ReadLoss()
    {
        long lost = ReadKernelLossCounters();
        return new DropLoss(lost + DamagedRecords, DamagedRecords == 0 ? $"{lost} {LossDetail}" : $"{lost} {LossDetail}, {DamagedRecords} damaged records");
    }

    /// <summary>Detaches the program, then reads what it recorded before; returns how many.</summary>
    public int StopAndDrain<THandler>(ref THandler handler)
        where THandler : IBpfDropHandler, allows ref struct
    {
        Interlocked.Exchange(ref _attachment, null)?.Dispose();
        return ReadAvailable(ref handler);
    }

    /// <summary>Drops as they come, as <see cref="DropEvent"/>s (which allocate), until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<DropEvent> ReadEventsAsync(KernelSymbols? symbols = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var batch = new List<DropEvent>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var collector = new EventCollector(batch, this, symbols);
            ReadAvailable(ref collector);
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
                await Task.Run(() => Wait(_pollMilliseconds), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _attachment, null)?.Dispose();
        _program.Dispose();
        _ring.Dispose();
        _loss.Dispose();
    }

    private static T Own<T>(List<IDisposable> owned, T disposable)
        where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }

    private static long ClockOffset()
    {
        NetDrop.Packet.timespec realtime;
        NetDrop.Packet.timespec monotonic;
        LibC.ClockGetTime(LibC.CLOCK_REALTIME, &realtime);
        LibC.ClockGetTime(LibC.CLOCK_MONOTONIC, &monotonic);
        return ((realtime.tv_sec - monotonic.tv_sec) * 1_000_000_000L) + (realtime.tv_nsec - monotonic.tv_nsec);
    }

    private ref struct Dispatcher<THandler> : IRingBufferHandler
        where THandler : IBpfDropHandler, allows ref struct
    {
        public THandler Handler;

        public int Delivered { get; private set; }

        public int Damaged { get; private set; }

        public void OnRecord(ReadOnlySpan<byte> record)
        {
            if (record.Length < BpfDropRecordLayout.Packet)
            {
                Damaged++;
                return;
            }

            Handler.OnDrop(new BpfDropRecord(record));
            Delivered++;
        }
    }

    /// <summary>Turns records into <see cref="DropEvent"/>s for the source's own stream and for <see cref="DropMonitor"/>'s.</summary>
    internal readonly struct EventCollector : IBpfDropHandler
    {
        private readonly List<DropEvent> _events;
        private readonly BpfDropSource _source;
        private readonly KernelSymbols? _symbols;

        public EventCollector(List<DropEvent> events, BpfDropSource source, KernelSymbols? symbols)
        {
            _events = events;
            _source = source;
            _symbols = symbols;
        }

        public void OnDrop(in BpfDropRecord record) => _events.Add(BpfDropEvents.ToDropEvent(record, _source.Reasons, _source.WallClockOffset, _symbols, _source._names));
    }
}
