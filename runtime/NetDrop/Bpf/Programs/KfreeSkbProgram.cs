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
    private const short Slot2 = -16;
    private const short KeySlot = -20;

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

        asm.Move64(Context, Register.R1)
            .Load(MemorySize.DoubleWord, Skb, Context, (short)tracepoint.SkbAddressOffset);
        if (filter is not null)
        {
            KernelFilterCode.Emit(asm, filter, offsets, tracepoint, snapLength, Context, Skb, reserve, rejected);
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

        // sk_buff fields, straight into the record.
        ReadInto(asm, L.Length, 4, Skb, offsets.SkbLength);
        ReadInto(asm, L.DataLength, 4, Skb, offsets.SkbDataLength);
        ReadInto(asm, L.Mark, 4, Skb, offsets.SkbMark);
        ReadInto(asm, L.InputInterface, 4, Skb, offsets.SkbInputInterface);
        ReadInto(asm, L.MacHeader, 2, Skb, offsets.SkbMacHeader);
        ReadInto(asm, L.NetworkHeader, 2, Skb, offsets.SkbNetworkHeader);

        // The device: its index, name and namespace.
        ReadPointer(asm, Slot1, Skb, offsets.SkbDevice);
        asm.Load(MemorySize.DoubleWord, Pointer, Register.R10, Slot1)
            .JumpIf(JumpCondition.Equal, Pointer, 0, noDevice);
        ReadInto(asm, L.DeviceIndex, 4, Pointer, offsets.DeviceIndex);
        ReadInto(asm, L.DeviceName, KernelOffsets.InterfaceNameLength, Pointer, offsets.DeviceName);
        ReadPointer(asm, Slot2, Pointer, offsets.DeviceNamespace);
        asm.Load(MemorySize.DoubleWord, Pointer, Register.R10, Slot2)
            .JumpIf(JumpCondition.Equal, Pointer, 0, socket);
        ReadInto(asm, L.NamespaceInode, 4, Pointer, offsets.NamespaceInode);
        asm.Jump(socket);

        // No device (a locally made packet freed before it had one): the owning socket's namespace.
        asm.Mark(noDevice);
        ReadPointer(asm, Slot1, Skb, offsets.SkbSocket);
        asm.Load(MemorySize.DoubleWord, Pointer, Register.R10, Slot1)
            .JumpIf(JumpCondition.Equal, Pointer, 0, socket);
        ReadPointer(asm, Slot2, Pointer, offsets.SocketNamespace);
        asm.Load(MemorySize.DoubleWord, Pointer, Register.R10, Slot2)
            .JumpIf(JumpCondition.Equal, Pointer, 0, socket);
        ReadInto(asm, L.NamespaceInode, 4, Pointer, offsets.NamespaceInode);

        // The socket's local port: the receiving socket (rx_sk, 6.8) if the tracepoint names one, else skb->sk.
        asm.Mark(socket);
        if (tracepoint.RxSocketOffset >= 0)
        {
            asm.Load(MemorySize.DoubleWord, Pointer, Context, (short)tracepoint.RxSocketOffset)
                .JumpIf(JumpCondition.NotEqual, Pointer, 0, port);
        }

        ReadPointer(asm, Slot1, Skb, offsets.SkbSocket);
        asm.Load(MemorySize.DoubleWord, Pointer, Register.R10, Slot1)
            .JumpIf(JumpCondition.Equal, Pointer, 0, packet)
            .Mark(port);
        ReadInto(asm, L.LocalPort, 2, Pointer, offsets.SocketLocalPort);

        // The packet's first bytes, from the MAC header when one was set, else the network header.
        asm.Mark(packet);
        ReadPointer(asm, Slot1, Skb, offsets.SkbHead);
        ReadPointer(asm, Slot2, Skb, offsets.SkbData);
        asm.Load(MemorySize.DoubleWord, Register.R1, Register.R10, Slot2)
            .Load(MemorySize.DoubleWord, Register.R2, Register.R10, Slot1)
            .Alu64(AluOperation.Subtract, Register.R1, Register.R2)
            .Store(MemorySize.Word, Record, L.DataOffset, Register.R1)
            .StoreImmediate(MemorySize.Half, Record, L.SnapLength, snapLength)
            .Load(MemorySize.Half, Register.R3, Record, L.MacHeader)
            .JumpIf(JumpCondition.NotEqual, Register.R3, L.HeaderUnset, headerChosen)
            .Load(MemorySize.Half, Register.R3, Record, L.NetworkHeader)
            .Mark(headerChosen)
            .Load(MemorySize.DoubleWord, Register.R1, Register.R10, Slot1)
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
