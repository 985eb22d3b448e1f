using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using NetDrop.Interop;

namespace NetDrop.Tracing;

/// <summary>
/// Drops from the skb:kfree_skb tracepoint, on any kernel with tracefs (no NET_DM needed): a tracefs
/// instance of NetDrop's own with the event enabled, read page by page from the per-CPU binary
/// trace_pipe_raw files. Record layouts and the reason table come from the running kernel's format
/// files. Reading allocates nothing per event; lost events are counted, never hidden.
/// </summary>
public sealed unsafe class KfreeSkbSource : IDisposable
{
    private readonly TracefsInstance _instance;
    private readonly FileDescriptor[] _cpus;
    private readonly int[] _cpuNumbers;
    private readonly byte[] _page;
    private readonly int _pollMilliseconds;
    private readonly TerminationCleanup? _removeOnExit;
    private int _disposed;

    // Termination cleanup runs on a signal thread while a reader may be inside read(2) or poll(2) on
    // the per-CPU descriptors: readers register in _inFlight, and the descriptors close only once
    // none is left, so no descriptor number is used after close (or after reuse by another open).
    private int _released;
    private int _inFlight;
    private long _lastKernelLoss;

    // Where the next read starts when the last one stopped at its limit.
    private int _firstCpu;

    private KfreeSkbSource(TracefsInstance instance, FileDescriptor[] cpus, int[] cpuNumbers, RingBufferPageLayout pageLayout, KfreeSkbLayout layout, KernelDropReasons reasons, long clockOffset, string clock, IReadOnlyList<string> removedStale, KfreeSkbOptions options)
    {
        _instance = instance;
        _cpus = cpus;
        _cpuNumbers = cpuNumbers;
        PageLayout = pageLayout;
        Layout = layout;
        Reasons = reasons;
        WallClockOffset = clockOffset;
        TraceClock = clock;
        RemovedStaleInstances = removedStale;
        _page = new byte[pageLayout.PageSize];
        _pollMilliseconds = (int)options.PollInterval.TotalMilliseconds;

        // A killed process would leave the instance recording; the next start removes it, but a
        // signal or a crash can be handled now.
        _removeOnExit = options.RemoveOnProcessExit ? new TerminationCleanup(Release, StopRecording) : null;
    }

    public RingBufferPageLayout PageLayout { get; }

    /// <summary>The signal and exit watch, when <see cref="KfreeSkbOptions.RemoveOnProcessExit"/> is set.</summary>
    internal TerminationCleanup? Termination => _removeOnExit;

    public KfreeSkbLayout Layout { get; }

    /// <summary>The running kernel's reason numbering, mapped to the catalogue.</summary>
    public KernelDropReasons Reasons { get; }

    /// <summary>The instance directory, e.g. /sys/kernel/tracing/instances/netdrop-4026531836-1234-56789.</summary>
    public string InstancePath => _instance.Path;

    /// <summary>The trace clock the instance uses (boot, or mono on kernels without it).</summary>
    public string TraceClock { get; }

    /// <summary>Nanoseconds to add to a record's timestamp for Unix time.</summary>
    public long WallClockOffset { get; }

    /// <summary>Instances left by killed NetDrop processes, removed when this source started.</summary>
    public IReadOnlyList<string> RemovedStaleInstances { get; }

    /// <summary>NetDrop instances of other PID namespaces whose owner this process cannot check; left as they are.</summary>
    public IReadOnlyList<string> UnverifiableInstances { get; private init; } = [];

    /// <summary>Events the pages said were lost before them (the ring overran between reads).</summary>
    public long LostEvents { get; private set; }

    /// <summary>Pages that said events were lost without saying how many.</summary>
    public long PagesWithUncountedLoss { get; private set; }

    /// <summary>Pages whose walk stopped on damaged data (the events before it were delivered).</summary>
    public long DamagedPages { get; private set; }

    public long EventsRead { get; private set; }

    /// <summary>The process is ending (a signal or a crash) and the instance has been removed: reads return nothing.</summary>
    public bool IsReleased => Volatile.Read(ref _released) != 0;

    public static KfreeSkbSource Open(KfreeSkbOptions? options = null)
    {
        options ??= new KfreeSkbOptions();
        string tracefs = options.TracefsPath ?? Tracefs.Locate();
        string formatPath = KfreeSkbFormat.PathUnder(tracefs);
        CheckAccess(tracefs);
        if (!File.Exists(formatPath))
        {
            throw new TracefsUnavailableException($"{formatPath} does not exist: this kernel has no skb:kfree_skb tracepoint (or tracefs is not readable; run as root).");
        }

        TraceEventFormat format;
        RingBufferPageLayout pageLayout;
        try
        {
            format = TraceEventFormat.Parse(File.ReadAllText(formatPath));
            pageLayout = RingBufferPageLayout.Parse(File.ReadAllText(Path.Combine(tracefs, "events", "header_page")));
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new TracefsUnavailableException($"cannot read {formatPath}: run as root (tracefs is readable by root only).", exception);
        }

        KfreeSkbLayout layout = KfreeSkbLayout.From(format);
        KernelDropReasons reasons = KernelDropReasons.From(format);
        TracefsInstance instance = TracefsInstance.Create(tracefs, out IReadOnlyList<string> removed, out IReadOnlyList<string> leftAlone);
        var cpus = new List<FileDescriptor>();
        try
        {
            string clock = ChooseClock(instance);
            instance.Write("buffer_size_kb", options.BufferSizeKilobytes.ToString(CultureInfo.InvariantCulture));
            if (!string.IsNullOrWhiteSpace(options.Filter))
            {
                SetFilter(instance, options.Filter!);
            }

            var numbers = new List<int>();
            foreach (string directory in Directory.GetDirectories(Path.Combine(instance.Path, "per_cpu"), "cpu*"))
            {
                if (int.TryParse(Path.GetFileName(directory).AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out int cpu))
                {
                    cpus.Add(FileDescriptor.OpenNonBlocking(Path.Combine(directory, "trace_pipe_raw")));
                    numbers.Add(cpu);
                }
            }

            instance.Write(KfreeSkbFormat.EventPath + "/enable", "1");
            long offset = ClockOffset(clock == "boot" ? LibC.CLOCK_BOOTTIME : LibC.CLOCK_MONOTONIC);
            return new KfreeSkbSource(instance, cpus.ToArray(), numbers.ToArray(), pageLayout, layout, reasons, offset, clock, removed, options) { UnverifiableInstances = leftAlone };
        }
        catch
        {
            foreach (FileDescriptor fd in cpus)
            {
                fd.Dispose();
            }

            instance.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the pages the kernel has ready, handing each kfree_skb record to <paramref name="handler"/>;
    /// returns how many. Reading stops after the page that reaches <paramref name="maxRecords"/> (so it may hand
    /// over one page's records more); the rest wait for the next call, which starts at the next CPU, so a CPU
    /// with a steady backlog does not keep the others waiting.
    /// </summary>
    public int ReadAvailable<THandler>(ref THandler handler, int maxRecords = int.MaxValue)
        where THandler : IKfreeSkbHandler, allows ref struct
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!EnterDescriptors())
        {
            return 0;
        }

        try
        {
            return ReadAvailableCore(ref handler, maxRecords);
        }
        finally
        {
            ExitDescriptors();
        }
    }

    private int ReadAvailableCore<THandler>(ref THandler handler, int maxRecords)
        where THandler : IKfreeSkbHandler, allows ref struct
    {
        int count = 0;
        int first = _firstCpu;
        for (int n = 0; n < _cpus.Length; n++)
        {
            int i = (first + n) % _cpus.Length;
            while (true)
            {
                nint read;
                fixed (byte* page = _page)
                {
                    read = LibC.Read(_cpus[i].Value, page, _page.Length);
                }

                if (read <= 0)
                {
                    Errno errno = read < 0 ? LibC.LastError : Errno.None;
                    if (read < 0 && errno != Errno.EAGAIN && errno != Errno.EINTR)
                    {
                        throw new IOException($"reading trace_pipe_raw of CPU {_cpuNumbers[i]} failed: {errno.Name()}");
                    }

                    break;
                }

                count += ReadAndCount(_page.AsSpan(0, (int)read), _cpuNumbers[i], ref handler);
                if (count >= maxRecords)
                {
                    _firstCpu = (i + 1) % _cpus.Length;
                    EventsRead += count;
                    return count;
                }
            }
        }

        EventsRead += count;
        return count;
    }

    /// <summary>Walks one page (a live one, or one saved from trace_pipe_raw); reports missed events and damage through <paramref name="loss"/>.</summary>
    public static int ReadPage<THandler>(ReadOnlySpan<byte> page, int cpu, RingBufferPageLayout pageLayout, KfreeSkbLayout layout, ref THandler handler, out PageLoss loss)
        where THandler : IKfreeSkbHandler, allows ref struct
    {
        var reader = new RingBufferPageReader(page, pageLayout);
        int count = 0;
        while (reader.TryReadNext(out RingBufferEvent ringEvent))
        {
            ReadOnlySpan<byte> data = ringEvent.Data;
            if (data.Length < layout.MinimumLength || System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(data) != layout.EventId)
            {
                continue;
            }

            handler.OnDrop(new KfreeSkbRecord(data, layout, ringEvent.Timestamp, cpu));
            count++;
        }

        loss = new PageLoss(reader.HasMissedEvents, reader.MissedEvents, reader.Error);
        return count;
    }

    private int ReadAndCount<THandler>(ReadOnlySpan<byte> page, int cpu, ref THandler handler)
        where THandler : IKfreeSkbHandler, allows ref struct
    {
        int count = ReadPage(page, cpu, PageLayout, Layout, ref handler, out PageLoss loss);
        if (loss.HasMissedEvents)
        {
            if (loss.MissedEvents > 0)
            {
                LostEvents += loss.MissedEvents;
            }
            else
            {
                PagesWithUncountedLoss++;
            }
        }

        if (loss.Error is not null)
        {
            DamagedPages++;
        }

        return count;
    }

    /// <summary>Waits until a CPU's buffer has data or the poll interval passes; true when data is ready.</summary>
    public bool Wait()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!EnterDescriptors())
        {
            // Released by a signal: behave like a poll that timed out, so a read loop does not spin.
            Thread.Sleep(_pollMilliseconds);
            return false;
        }

        try
        {
            LibC.PollFd* fds = stackalloc LibC.PollFd[_cpus.Length];
            for (int i = 0; i < _cpus.Length; i++)
            {
                fds[i] = new LibC.PollFd { fd = _cpus[i].Value, events = LibC.POLLIN };
            }

            return LibC.Poll(fds, (nuint)_cpus.Length, _pollMilliseconds) > 0;
        }
        finally
        {
            ExitDescriptors();
        }
    }

    /// <summary>
    /// Events the kernel could not record, from the per-CPU stats files: "overrun" (overwritten before
    /// being read) plus "dropped events" (refused because the buffer was full).
    /// </summary>
    /// <remarks>After the instance is gone (a signal released it) this is the last value read.</remarks>
    public long ReadKernelLossCounters()
    {
        if (IsReleased)
        {
            return _lastKernelLoss;
        }

        long lost = 0;
        foreach (int cpu in _cpuNumbers)
        {
            foreach (string line in _instance.Read($"per_cpu/cpu{cpu}/stats").Split('\n'))
            {
                int colon = line.IndexOf(':');
                if (colon < 0)
                {
                    continue;
                }

                string key = line.Substring(0, colon).Trim();
                if ((key == "overrun" || key == "dropped events") &&
                    long.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                {
                    lost += value;
                }
            }
        }

        _lastKernelLoss = lost;
        return lost;
    }

    /// <summary>Unix time in nanoseconds of a record's trace-clock timestamp.</summary>
    public long ToUnixNanoseconds(ulong timestamp) => (long)timestamp + WallClockOffset;

    /// <summary>Stops recording, then reads what is left so nothing already recorded is lost.</summary>
    public int StopAndDrain<THandler>(ref THandler handler)
        where THandler : IKfreeSkbHandler, allows ref struct
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (IsReleased)
        {
            return 0;
        }

        StopRecording();
        return ReadAvailable(ref handler);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _removeOnExit?.Dispose();
        Release();
    }

    /// <summary>Disables the event; what is already in the buffers stays readable. Never throws (it runs from signal handlers).</summary>
    private void StopRecording()
    {
        if (!IsReleased)
        {
            StopRecordingUnchecked();
        }
    }

    /// <summary>
    /// Closes the per-CPU pipes once no reader is using them, then removes the instance (the kernel refuses
    /// while they are open). Runs once, from Dispose or from the termination cleanup.
    /// </summary>
    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        // A reader is at most one non-blocking read or one poll interval away from leaving.
        var deadline = DateTime.UtcNow.AddMilliseconds(_pollMilliseconds + 1000);
        var spin = default(SpinWait);
        while (Volatile.Read(ref _inFlight) != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                // A reader is stuck: closing its descriptor under it is worse than leaving a disabled
                // instance, which the next start removes as stale.
                StopRecordingUnchecked();
                return;
            }

            spin.SpinOnce(sleep1Threshold: 10);
        }

        foreach (FileDescriptor fd in _cpus)
        {
            fd.Dispose();
        }

        _instance.Dispose();
    }

    private void StopRecordingUnchecked()
    {
        try
        {
            _instance.Write(KfreeSkbFormat.EventPath + "/enable", "0");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }

    private bool EnterDescriptors()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _released) == 0)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    private void ExitDescriptors() => Interlocked.Decrement(ref _inFlight);

    /// <summary>tracefs is root's only (mode 0700): say so, rather than that the event is missing.</summary>
    private static void CheckAccess(string tracefs)
    {
        try
        {
            Directory.GetFileSystemEntries(tracefs, "events");
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new TracefsUnavailableException($"cannot read tracefs at {tracefs}: it is readable by root only; run as root (sudo), or give this user access to it (mount -o remount,mode=750,gid=GROUP {tracefs}).", exception);
        }
        catch (DirectoryNotFoundException)
        {
            // Reported below as the missing event, with the path that was tried.
        }
    }

    private static string ChooseClock(TracefsInstance instance)
    {
        // "boot" (CLOCK_BOOTTIME) keeps counting across suspend and maps to wall time with one offset.
        string clocks = instance.Read("trace_clock");
        string clock = clocks.Contains(" boot", StringComparison.Ordinal) || clocks.Contains("[boot]", StringComparison.Ordinal) ? "boot" : "mono";
        instance.Write("trace_clock", clock);
        return clock;
    }

    private static void SetFilter(TracefsInstance instance, string filter)
    {
        try
        {
            instance.Write(KfreeSkbFormat.EventPath + "/filter", filter);
        }
        catch (IOException exception)
        {
            // The kernel explains a rejected filter in the filter file itself.
            string detail = instance.Read(KfreeSkbFormat.EventPath + "/filter").Trim();
            throw new ArgumentException($"the kernel rejected the filter '{filter}': {detail}", nameof(filter), exception);
        }
    }

    private static long ClockOffset(int clock)
    {
        NetDrop.Packet.timespec realtime;
        NetDrop.Packet.timespec trace;
        LibC.ClockGetTime(LibC.CLOCK_REALTIME, &realtime);
        LibC.ClockGetTime(clock, &trace);
        return ((realtime.tv_sec - trace.tv_sec) * 1_000_000_000L) + (realtime.tv_nsec - trace.tv_nsec);
    }
}
