using System.Text;
using NetDrop.Kernel;
using NetDrop.NetDm;
using NetDrop.Tracing;

namespace NetDrop.Bpf;

/// <summary>Turns BPF drop records into <see cref="DropEvent"/>s (allocates: the event, its strings and a copy of the packet bytes).</summary>
public static class BpfDropEvents
{
    public static DropEvent ToDropEvent(in BpfDropRecord record, KernelDropReasons reasons, long wallClockOffset, KernelSymbols? symbols) =>
        ToDropEvent(record, reasons, wallClockOffset, symbols, names: null);

    /// <param name="names">Where the device and task names come from when they repeat (a sender drops thousands of packets through one device); null makes new strings.</param>
    internal static DropEvent ToDropEvent(in BpfDropRecord record, KernelDropReasons reasons, long wallClockOffset, KernelSymbols? symbols, BpfDropNames? names)
    {
        uint raw = record.ReasonNumber;
        ushort subsystem = KernelDropReasons.Subsystem(raw);

        // Core reasons (subsystem 0) have names in this kernel's table; other subsystems register theirs at run time.
        DropReason? reason = subsystem == 0 ? reasons.Reason(raw) : null;
        string? name = subsystem == 0 ? reasons.Name(raw) : null;
        int index = record.DeviceIndex != 0 ? record.DeviceIndex : record.InputInterface;
        return new DropEvent(
            (long)record.Timestamp + wallClockOffset,
            reason,
            name,
            subsystem,
            record.Location,
            symbols?.Format(record.Location),
            index != 0 ? index : null,
            record.Protocol,
            record.Packet.ToArray(),
            DropSource.Bpf)
        {
            InterfaceName = record.DeviceName.IsEmpty ? null : names?.Devices.Get(record.DeviceName) ?? Encoding.UTF8.GetString(record.DeviceName),
            Cpu = record.Cpu,
            Pid = record.Pid,
            Tid = record.Tid,
            Comm = (record.Comm.IsEmpty ? null : names?.Tasks.Get(record.Comm)) ?? Encoding.UTF8.GetString(record.Comm),
            NetnsInode = record.NamespaceInode != 0 ? record.NamespaceInode : null,
            Mark = record.Mark,
            Length = record.Length,
            LocalPort = record.LocalPort != 0 ? record.LocalPort : null,
            PassedKernelFilter = record.PassedKernelFilter,
            KernelStack = Stack(record.KernelStack, symbols),
        };
    }

    /// <summary>Each frame as "symbol+0xoff" (" [module]" for a module's), "unknown" where kallsyms does not say; null without a stack.</summary>
    private static string[]? Stack(System.ReadOnlySpan<byte> stack, KernelSymbols? symbols)
    {
        if (stack.IsEmpty)
        {
            return null;
        }

        var frames = new string[stack.Length / 8];
        for (int i = 0; i < frames.Length; i++)
        {
            ulong address = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(stack.Slice(i * 8));
            frames[i] = symbols?.Format(address) ?? "unknown";
        }

        return frames;
    }
}
