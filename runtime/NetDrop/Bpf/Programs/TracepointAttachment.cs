using System;
using System.Globalization;
using System.IO;
using NetDrop.Interop;
using NetDrop.Tracing;

namespace NetDrop.Bpf;

/// <summary>
/// A tracepoint program attached the way every loader since 4.7 can: a perf event for the tracepoint
/// (PERF_TYPE_TRACEPOINT, config = the event's id in tracefs), PERF_EVENT_IOC_SET_BPF, then enable.
/// The program runs on every CPU; closing the event's descriptor detaches it.
/// </summary>
public sealed unsafe class TracepointAttachment : IDisposable
{
    private const uint PERF_TYPE_TRACEPOINT = 2;

    /// <summary>PERF_ATTR_SIZE_VER0: the first perf_event_attr, which every kernel takes.</summary>
    private const int AttrSize = 64;

    private readonly FileDescriptor _event;

    private TracepointAttachment(FileDescriptor perfEvent, string tracepoint, int id)
    {
        _event = perfEvent;
        Tracepoint = tracepoint;
        EventId = id;
    }

    /// <summary>"skb/kfree_skb".</summary>
    public string Tracepoint { get; }

    /// <summary>The tracepoint's id in tracefs (events/skb/kfree_skb/id).</summary>
    public int EventId { get; }

    /// <summary>The perf event's descriptor number, e.g. to read /proc/self/fdinfo.</summary>
    public int Fd => _event.Value;

    /// <param name="tracepoint">"category/name", e.g. "skb/kfree_skb".</param>
    /// <param name="tracefs">Where tracefs is mounted; found (and mounted if need be) when null.</param>
    public static TracepointAttachment Attach(BpfProgram program, string tracepoint, string? tracefs = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        int id = ReadEventId(tracefs ?? Tracefs.Locate(), tracepoint);
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = PERF_TYPE_TRACEPOINT;
        *(uint*)(attr + 4) = AttrSize;
        *(ulong*)(attr + 8) = (ulong)id;

        // pid -1 and CPU 0: one event for the whole system; a tracepoint's BPF program runs on every CPU.
        int fd = LibC.PerfEventOpen(attr, -1, 0, -1, LibC.PERF_FLAG_FD_CLOEXEC);
        if (fd < 0)
        {
            throw BpfSyscall.Refused($"opening a perf event for the {tracepoint} tracepoint", LibC.LastError);
        }

        var perfEvent = new FileDescriptor(fd);
        bool added = false;
        try
        {
            program.Descriptor.DangerousAddRef(ref added);
            if (LibC.Ioctl(fd, LibC.PERF_EVENT_IOC_SET_BPF, program.Descriptor.Value) != 0)
            {
                throw BpfSyscall.Refused($"attaching the program {program.Name} to {tracepoint}", LibC.LastError);
            }

            if (LibC.Ioctl(fd, LibC.PERF_EVENT_IOC_ENABLE, 0) != 0)
            {
                throw BpfSyscall.Refused($"enabling the {tracepoint} perf event", LibC.LastError);
            }

            return new TracepointAttachment(perfEvent, tracepoint, id);
        }
        catch
        {
            perfEvent.Dispose();
            throw;
        }
        finally
        {
            if (added)
            {
                program.Descriptor.DangerousRelease();
            }
        }
    }

    public void Dispose() => _event.Dispose();

    private static int ReadEventId(string tracefs, string tracepoint)
    {
        string path = Path.Combine(tracefs, "events", tracepoint, "id");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BpfException($"{path} does not exist: this kernel has no {tracepoint} tracepoint.", Errno.ENOENT);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BpfException($"cannot read {path}: {e.Message} (run as root).", 0);
        }

        if (!int.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
        {
            throw new BpfException($"{path} holds '{text.Trim()}', not an event id.", 0);
        }

        return id;
    }
}
