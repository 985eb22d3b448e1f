using System;
using NetDrop.Bpf.Asm;
using NetDrop.Bpf.Filter;
using NetDrop.Tracing;
using L = NetDrop.Bpf.BpfDropRecordLayout;

namespace NetDrop.Bpf;

/// <summary>
/// The program NetDrop attaches to skb:kfree_skb, built for the running kernel: tracepoint fields at
/// the offsets its format file gives, struct members at the offsets its BTF gives. Per drop it reserves
/// a record (<see cref="BpfDropRecordLayout"/>) in the ring buffer and fills it; when the ring is full
/// it adds one to its CPU's slot of the loss counters instead. With a <see cref="KernelFilter"/> it first
/// tests the drop (<see cref="KernelFilterCode"/>) and counts, without a record, the drops that fail. Tracepoint programs may read their
/// context directly but kernel memory only through bpf_probe_read_kernel, which zeroes the destination
/// when a read faults, so a field that cannot be read is 0, never garbage.
/// </summary>
public static class KfreeSkbProgram
{
    public const string Name = "netdrop_kfree";

    // Registers that survive helper calls.
    private const Register Context = Register.R6;
    private const Register Skb = Register.R7;
    private const Register Record = Register.R8;
    private const Register Pointer = Register.R9;

    // Stack slots for pointers read from the kernel before they are followed.
    private const short Slot1 = -8;
    private const short KeySlot = -20;

    // The stack areas of the struct windows: the bottom of the 512-byte frame, below the filter's slots.
    private const short SkbWindowArea = -512;
    private const int SkbWindowCapacity = 208;
    private const short DeviceWindowArea = SkbWindowArea + SkbWindowCapacity;
    private const int DeviceWindowCapacity = 80;

    /// <summary>Counters of the map given as <c>countersFd</c>: drops the ring had no room for (the loss), drops the filter kept out, drops recorded.</summary>
    public const int RingFullCounter = 0;
    public const int FilteredOutCounter = 1;
    public const int DeliveredCounter = 2;
    public const int CounterCount = 3;

    // bpf_ringbuf_query's BPF_RB_AVAIL_DATA, and bpf_ringbuf_submit's BPF_RB_NO_WAKEUP and BPF_RB_FORCE_WAKEUP (uapi/linux/bpf.h).
    private const int RingBufferAvailableData = 0;
    private const int RingBufferNoWakeup = 1;
    private const int RingBufferForceWakeup = 2;

    public static byte[] Build(KernelOffsets offsets, KfreeSkbLayout tracepoint, int ringFd, int countersFd, int snapLength, KernelFilter? filter = null, int stackFrames = 0, int wakeupBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stackFrames);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stackFrames, L.MaxStackFrames);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(tracepoint);
        ArgumentOutOfRangeException.ThrowIfNegative(snapLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(snapLength, L.MaxSnapLength);
        int size = L.Size(snapLength, stackFrames);
        foreach (int offset in new[] { tracepoint.SkbAddressOffset, tracepoint.LocationOffset, tracepoint.ProtocolOffset, tracepoint.ReasonOffset, tracepoint.RxSocketOffset })
        {
            if (offset > short.MaxValue)
            {
                throw new ArgumentException($"a kfree_skb field at offset {offset} is beyond what one instruction can address.", nameof(tracepoint));
            }
        }

        var asm = new Assembler();
        Label full = asm.NewLabel();
        Label done = asm.NewLabel();
        Label noDevice = asm.NewLabel();
        Label socket = asm.NewLabel();
        Label port = asm.NewLabel();
        Label packet = asm.NewLabel();
        Label headerChosen = asm.NewLabel();
        Label reserve = asm.NewLabel();
        Label rejected = asm.NewLabel();

        // The sk_buff's members, for the filter and the record, in one read where the stack allows.
        KernelStructWindow skbWindow = SkbWindow(offsets);
        KernelStructWindow deviceWindow = DeviceWindow(offsets);
        asm.Move64(Context, Register.R1)
            .Load(MemorySize.DoubleWord, Skb, Context, (short)tracepoint.SkbAddressOffset);
        skbWindow.EmitRead(asm, Skb);
        if (filter is not null)
        {
            // The record takes the device's members from the filter's read of them (below), which the
            // verifier cannot see happened whenever there is a device: zeroed first, they are never unwritten.
            if (KernelFilterCode.ReadsDevice(filter))
            {
                deviceWindow.EmitZero(asm);
            }

            KernelFilterCode.Emit(asm, filter, offsets, tracepoint, snapLength, Context, skbWindow, deviceWindow, reserve, rejected);
        }

        asm.Mark(reserve)
            .LoadMapFd(Register.R1, ringFd)
            .Move64(Register.R2, size)
            .Move64(Register.R3, 0)
            .Call(BpfHelper.RingBufferReserve)
            .JumpIf(JumpCondition.Equal, Register.R0, 0, full)
            .Move64(Record, Register.R0);

        // What the tracepoint and the helpers give.
        asm.Call(BpfHelper.KtimeGetNanoseconds)
            .Store(MemorySize.DoubleWord, Record, L.Time, Register.R0)
            .Load(MemorySize.DoubleWord, Register.R1, Context, (short)tracepoint.LocationOffset)
            .Store(MemorySize.DoubleWord, Record, L.Location, Register.R1)
            .Store(MemorySize.DoubleWord, Record, L.SkbAddress, Skb)
            .Call(BpfHelper.GetCurrentPidTgid)
            .Store(MemorySize.DoubleWord, Record, L.PidTgid, Register.R0)
            .Call(BpfHelper.GetSmpProcessorId)
            .Store(MemorySize.Word, Record, L.Cpu, Register.R0)
            .Load(MemorySize.Half, Register.R1, Context, (short)tracepoint.ProtocolOffset)
            .Store(MemorySize.Half, Record, L.Protocol, Register.R1);
        if (tracepoint.ReasonOffset >= 0)
        {
            asm.Load(MemorySize.Word, Register.R1, Context, (short)tracepoint.ReasonOffset)
                .Store(MemorySize.Word, Record, L.Reason, Register.R1);
        }
        else
        {
            asm.StoreImmediate(MemorySize.Word, Record, L.Reason, 0);
        }

        asm.Move64(Register.R1, Record)
            .Add64(Register.R1, L.Comm)
            .Move64(Register.R2, L.CommLength)
            .Call(BpfHelper.GetCurrentComm);

        // The ring's memory is not zeroed: every field a branch may skip starts at 0.
        asm.StoreImmediate(MemorySize.Word, Record, L.DeviceIndex, 0)
            .StoreImmediate(MemorySize.Word, Record, L.NamespaceInode, 0)
            .StoreImmediate(MemorySize.Half, Record, L.LocalPort, 0)
            .StoreImmediate(MemorySize.Half, Record, L.FilterVerdict, 0)
            .StoreImmediate(MemorySize.DoubleWord, Record, L.DeviceName, 0)
            .StoreImmediate(MemorySize.DoubleWord, Record, L.DeviceName + 8, 0);

        // sk_buff fields, from the window into the record.
        skbWindow.Copy(asm, MemorySize.Word, offsets.SkbLength, Record, L.Length);
        skbWindow.Copy(asm, MemorySize.Word, offsets.SkbDataLength, Record, L.DataLength);
        skbWindow.Copy(asm, MemorySize.Word, offsets.SkbMark, Record, L.Mark);
        skbWindow.Copy(asm, MemorySize.Word, offsets.SkbInputInterface, Record, L.InputInterface);
        skbWindow.Copy(asm, MemorySize.Half, offsets.SkbMacHeader, Record, L.MacHeader);
        skbWindow.Copy(asm, MemorySize.Half, offsets.SkbNetworkHeader, Record, L.NetworkHeader);

        // The device: its index, name and namespace. A filter on the interface or namespace has read the
        // device's window and the namespace (the device's, else the socket's) on the way here: they are reused.
        bool filterReadDevice = filter is not null && KernelFilterCode.ReadsDevice(filter);
        if (filterReadDevice)
        {
            asm.Load(MemorySize.Word, Register.R1, Register.R10, KernelFilterCode.NamespaceSlot)
                .Store(MemorySize.Word, Record, L.NamespaceInode, Register.R1);
        }

        skbWindow.Load(asm, MemorySize.DoubleWord, Pointer, offsets.SkbDevice)
            .JumpIf(JumpCondition.Equal, Pointer, 0, noDevice);
        if (!filterReadDevice)
        {
            deviceWindow.EmitRead(asm, Pointer);
        }

        deviceWindow.Copy(asm, MemorySize.Word, offsets.DeviceIndex, Record, L.DeviceIndex);
        deviceWindow.CopyBytes(asm, offsets.DeviceName, KernelOffsets.InterfaceNameLength, Record, L.DeviceName);
        if (!filterReadDevice)
        {
            deviceWindow.Load(asm, MemorySize.DoubleWord, Pointer, offsets.DeviceNamespace)
                .JumpIf(JumpCondition.Equal, Pointer, 0, socket);
            ReadInto(asm, L.NamespaceInode, 4, Pointer, offsets.NamespaceInode);
        }

        asm.Jump(socket);

        // No device (a locally made packet freed before it had one): the owning socket's namespace.
        asm.Mark(noDevice);
        if (!filterReadDevice)
        {
            skbWindow.Load(asm, MemorySize.DoubleWord, Pointer, offsets.SkbSocket)
                .JumpIf(JumpCondition.Equal, Pointer, 0, socket);
            ReadPointer(asm, Slot1, Pointer, offsets.SocketNamespace);
            asm.Load(MemorySize.DoubleWord, Pointer, Register.R10, Slot1)
                .JumpIf(JumpCondition.Equal, Pointer, 0, socket);
            ReadInto(asm, L.NamespaceInode, 4, Pointer, offsets.NamespaceInode);
        }

        // The socket's local port: the receiving socket (rx_sk, 6.8) if the tracepoint names one, else skb->sk.
        asm.Mark(socket);
        if (tracepoint.RxSocketOffset >= 0)
        {
            asm.Load(MemorySize.DoubleWord, Pointer, Context, (short)tracepoint.RxSocketOffset)
                .JumpIf(JumpCondition.NotEqual, Pointer, 0, port);
        }

        skbWindow.Load(asm, MemorySize.DoubleWord, Pointer, offsets.SkbSocket)
            .JumpIf(JumpCondition.Equal, Pointer, 0, packet)
            .Mark(port);
        ReadInto(asm, L.LocalPort, 2, Pointer, offsets.SocketLocalPort);

        // The packet's first bytes, from the MAC header when one was set, else the network header.
        asm.Mark(packet);
        skbWindow.Load(asm, MemorySize.DoubleWord, Register.R1, offsets.SkbData);
        skbWindow.Load(asm, MemorySize.DoubleWord, Register.R2, offsets.SkbHead)
            .Alu64(AluOperation.Subtract, Register.R1, Register.R2)
            .Store(MemorySize.Word, Record, L.DataOffset, Register.R1)
            .StoreImmediate(MemorySize.Half, Record, L.SnapLength, snapLength)
            .Load(MemorySize.Half, Register.R3, Record, L.MacHeader)
            .JumpIf(JumpCondition.NotEqual, Register.R3, L.HeaderUnset, headerChosen)
            .Load(MemorySize.Half, Register.R3, Record, L.NetworkHeader)
            .Mark(headerChosen);
        skbWindow.Load(asm, MemorySize.DoubleWord, Register.R1, offsets.SkbHead)
            .Add64(Register.R3, Register.R1);
        if (snapLength > 0)
        {
            asm.Move64(Register.R1, Record)
                .Add64(Register.R1, L.Packet)
                .Move64(Register.R2, snapLength)
                .Call(BpfHelper.ProbeReadKernel);
        }

        // The kernel stack (bpf_get_stack into the record; a negative result, a failure, counts as 0 bytes).
        if (stackFrames > 0)
        {
            Label stackRead = asm.NewLabel();
            short stack = (short)L.Size(snapLength);
            asm.Move64(Register.R1, Context)
                .Move64(Register.R2, Record)
                .Add64(Register.R2, stack + 8)
                .Move64(Register.R3, stackFrames * 8)
                .Move64(Register.R4, 0)
                .Call(BpfHelper.GetStack)
                .JumpIf(JumpCondition.SignedGreaterOrEqual, Register.R0, 0, stackRead)
                .Move64(Register.R0, 0)
                .Mark(stackRead)
                .Store(MemorySize.Word, Record, stack, Register.R0);
        }

        if (filter is not null)
        {
            asm.Load(MemorySize.Word, Register.R1, Register.R10, KernelFilterCode.VerdictSlot)
                .Store(MemorySize.Half, Record, L.FilterVerdict, Register.R1);
        }

        // Waking the reader on every record costs it a poll per drop (the kernel wakes it whenever it has caught
        // up, which a fast reader always has). With wakeupBytes the program wakes it only once that much is
        // waiting; the reader's own poll timeout collects smaller batches (BpfRingBuffer.Wait).
        Label submit = asm.NewLabel();
        if (wakeupBytes > 0)
        {
            asm.LoadMapFd(Register.R1, ringFd)
                .Move64(Register.R2, RingBufferAvailableData)
                .Call(BpfHelper.RingBufferQuery)
                .Move64(Register.R2, RingBufferNoWakeup)
                .JumpIf(JumpCondition.Less, Register.R0, wakeupBytes, submit)
                .Move64(Register.R2, RingBufferForceWakeup);
        }
        else
        {
            asm.Move64(Register.R2, 0);
        }

        asm.Mark(submit)
            .Move64(Register.R1, Record)
            .Call(BpfHelper.RingBufferSubmit)
            .Increment(countersFd, DeliveredCounter, KeySlot, done)
            .Jump(done);

        // The ring is full: count the drop on this CPU.
        asm.Mark(full)
            .Increment(countersFd, RingFullCounter, KeySlot, done);

        // The filter kept it out (only with a filter: the verifier refuses code no path reaches).
        if (filter is not null)
        {
            asm.Jump(done)
                .Mark(rejected)
                .Increment(countersFd, FilteredOutCounter, KeySlot, done);
        }

        asm.Mark(done)
            .Move64(Register.R0, 0)
            .Exit();
        return asm.Assemble();
    }

    /// <summary>
    /// The sk_buff members the program and its filter read, in the stack below the filter's slots
    /// (<see cref="KernelFilterCode"/> uses fp-216 up): on 6.1 and 6.18 they span 200 bytes, one read.
    /// </summary>
    public static KernelStructWindow SkbWindow(KernelOffsets offsets) => new(SkbWindowArea, SkbWindowCapacity,
    [
        (offsets.SkbDevice, 8), (offsets.SkbSocket, 8), (offsets.SkbLength, 4), (offsets.SkbDataLength, 4), (offsets.SkbMark, 4),
        (offsets.SkbInputInterface, 4), (offsets.SkbMacHeader, 2), (offsets.SkbNetworkHeader, 2), (offsets.SkbHead, 8), (offsets.SkbData, 8),
    ]);

    /// <summary>The net_device members: its index, name and namespace pointer (72 bytes on 6.18, one read).</summary>
    public static KernelStructWindow DeviceWindow(KernelOffsets offsets) => new(DeviceWindowArea, DeviceWindowCapacity,
        [(offsets.DeviceIndex, 4), (offsets.DeviceName, KernelOffsets.InterfaceNameLength), (offsets.DeviceNamespace, 8)]);

    // bpf_probe_read_kernel(record + field, size, source + offset)
    private static void ReadInto(Assembler asm, int field, int size, Register source, int offset) =>
        asm.Move64(Register.R1, Record)
            .Add64(Register.R1, field)
            .Move64(Register.R2, size)
            .Move64(Register.R3, source)
            .Add64(Register.R3, offset)
            .Call(BpfHelper.ProbeReadKernel);

    // bpf_probe_read_kernel(fp + slot, 8, source + offset): a pointer to follow next.
    private static void ReadPointer(Assembler asm, short slot, Register source, int offset) =>
        asm.Move64(Register.R1, Register.R10)
            .Add64(Register.R1, slot)
            .Move64(Register.R2, 8)
            .Move64(Register.R3, source)
            .Add64(Register.R3, offset)
            .Call(BpfHelper.ProbeReadKernel);
}
