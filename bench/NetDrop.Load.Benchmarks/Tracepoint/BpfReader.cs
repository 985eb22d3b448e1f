using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using NetDrop.Bpf;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// NetDrop's <see cref="BpfDropSource"/> in this process, read as <see cref="NetDropReader"/> reads the
/// tracepoint source (Wait, ReadAvailable with a struct handler) on the pinned reader thread. The
/// program records every drop on the machine (there is no in-kernel filter yet), so the handler keeps
/// the load's by reason, protocol and task, and counts the rest.
/// </summary>
internal sealed class BpfReader : ILoadReader
{
    public string Name => "NetDrop BPF";

    public ReaderMeasurement Measure(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel)
    {
        long before = load.KernelDropCount();
        using var generator = new GeneratorThread(load, count, rate, bound, cancel);
        using BpfDropSource source = BpfDropSource.Open(new BpfDropSourceOptions { RingBufferSize = 16 << 20 });
        var handler = new Handler(load.ReasonNumber, DropLoad.Protocol, new HashSet<int>(load.TasksFor(generator.Pid)));
        long waits = 0;

        Thread.Sleep(TimeSpan.FromSeconds(1));
        long cpuBefore = CpuClock.Process();
        (long userBefore, long systemBefore) = CpuClock.CurrentThreadSplit();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        generator.Go();
        while (!generator.Finished)
        {
            source.Wait(100);
            waits++;
            source.ReadAvailable(ref handler);
        }

        source.ReadAvailable(ref handler);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        source.StopAndDrain(ref handler);
        long end = Stopwatch.GetTimestamp();
        long cpu = CpuClock.Process() - cpuBefore;
        (long userAfter, long systemAfter) = CpuClock.CurrentThreadSplit();
        long threadCpu = userAfter - userBefore + systemAfter - systemBefore;
        (long sent, double seconds) = generator.Join();
        long expected = load.KernelDropCount() - before;

        // The ring's loss counts every drop on the machine it had no room for, the load's and others'.
        long lost = source.ReadKernelLossCounters();
        string note = string.Format(CultureInfo.InvariantCulture,
            "reading thread {0:0.0} ns/event ({1:0.0} user, {2:0.0} system); {3} polls; other drops on the machine read and skipped {4}",
            handler.Matching > 0 ? (double)threadCpu / handler.Matching : double.NaN,
            handler.Matching > 0 ? (double)(userAfter - userBefore) / handler.Matching : double.NaN,
            handler.Matching > 0 ? (double)(systemAfter - systemBefore) / handler.Matching : double.NaN,
            waits, handler.Other);
        return new ReaderMeasurement(
            Name, 16 << 10, sent, seconds, expected, handler.Matching, lost, $"ring full {lost} (all drops on the machine)",
            Stopwatch.GetElapsedTime(generator.StartTimestamp, end).TotalSeconds, cpu, allocated, note);
    }

    private struct Handler : IBpfDropHandler
    {
        private readonly uint _reason;
        private readonly ushort _protocol;
        private readonly HashSet<int> _tasks;

        public Handler(uint reason, ushort protocol, HashSet<int> tasks)
        {
            _reason = reason;
            _protocol = protocol;
            _tasks = tasks;
            Matching = 0;
            Other = 0;
        }

        public long Matching { get; private set; }

        public long Other { get; private set; }

        public void OnDrop(in BpfDropRecord record)
        {
            if (record.ReasonNumber == _reason && record.Protocol == _protocol && _tasks.Contains(record.Tid))
            {
                Matching++;
            }
            else
            {
                Other++;
            }
        }
    }
}
