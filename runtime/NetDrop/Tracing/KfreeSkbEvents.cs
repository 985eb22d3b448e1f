using NetDrop.Kernel;

namespace NetDrop.Tracing;

/// <summary>Turns kfree_skb records into <see cref="DropEvent"/>s (allocates: one event, and a symbol string when symbols are given).</summary>
public static class KfreeSkbEvents
{
    public static DropEvent ToDropEvent(in KfreeSkbRecord record, KfreeSkbSource source, KernelSymbols? symbols) =>
        ToDropEvent(record, source.Reasons, source.WallClockOffset, symbols);

    public static DropEvent ToDropEvent(in KfreeSkbRecord record, KernelDropReasons reasons, long wallClockOffset, KernelSymbols? symbols) =>
        ToDropEvent(record, reasons, wallClockOffset, symbols, tasks: null);

    /// <param name="tasks">Gives the process id and name of the thread the record names (common_pid) while it exists; null leaves them out.</param>
    public static DropEvent ToDropEvent(in KfreeSkbRecord record, KernelDropReasons reasons, long wallClockOffset, KernelSymbols? symbols, TaskNames? tasks)
    {
        uint? raw = record.ReasonNumber;
        ushort subsystem = raw is { } value ? KernelDropReasons.Subsystem(value) : (ushort)0;

        // Core reasons (subsystem 0) have names in this kernel's table; other subsystems register theirs at run time.
        DropReason? reason = raw is { } core && subsystem == 0 ? reasons.Reason(core) : null;
        string? name = raw is { } number && subsystem == 0 ? reasons.Name(number) : null;
        int pid = 0;
        string? comm = null;
        bool known = tasks is not null && tasks.TryGet(record.Pid, record.Cpu, out pid, out comm);
        return new DropEvent(
            (long)record.Timestamp + wallClockOffset,
            reason,
            name,
            subsystem,
            record.Location,
            symbols?.Format(record.Location),
            null,
            record.Protocol,
            default,
            DropSource.Tracepoint)
        {
            Cpu = record.Cpu,
            Tid = record.Pid,
            Pid = known ? pid : null,
            Comm = comm,
        };
    }
}
