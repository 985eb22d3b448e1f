using System;
using System.Buffers.Binary;
using System.Threading;
using NetDrop.Bpf;
using NetDrop.Bpf.Asm;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Bpf;

/// <summary>
/// A one-page ring buffer fed by a program on skb:kfree_skb that writes one record per drop of a
/// sender of the test's own, and counts per CPU the records it could not reserve: every drop is
/// either delivered or counted, whether the reader keeps up (the ring wraps many times) or not.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class BpfRingBufferLiveTests
{
    private const int Sent = 1500;
    private const int RecordSize = 40;
    private const uint Magic = 0x4e445250;

    [LiveKernelFact]
    public void Read_while_the_sender_runs_the_ring_wraps_and_delivered_plus_lost_is_sent()
    {
        (int delivered, ulong lost, int capacity) = Run(readWhileSending: true);

        Assert.Equal((ulong)Sent, (ulong)delivered + lost);
        Assert.True(delivered > 4 * capacity, $"only {delivered} records delivered through a ring of {capacity}: it did not wrap");
    }

    [LiveKernelFact]
    public void Read_only_afterwards_the_ring_overflows_and_the_loss_is_counted()
    {
        (int delivered, ulong lost, int capacity) = Run(readWhileSending: false);

        Assert.Equal((ulong)Sent, (ulong)delivered + lost);
        Assert.True(lost > 0, "a burst into an unread one-page ring lost nothing");
        Assert.InRange(delivered, 1, capacity);
    }

    private static (int Delivered, ulong Lost, int Capacity) Run(bool readWhileSending)
    {
        using var ns = new NetworkNamespace();
        using var sender = new DropSender(ns, "127.0.0.1", 9, Sent);
        using BpfRingBuffer ring = BpfRingBuffer.Create("nd_test_ring", Environment.SystemPageSize);
        using PerCpuCounters lost = PerCpuCounters.Create("nd_test_lost", 1);
        using BpfProgram program = BpfProgram.Load(BpfProgramType.Tracepoint, RecordDropsOf(sender.Pid, ring.Fd, lost.Fd), "nd_test_ring");
        var checker = new Checker();
        using (TracepointAttachment.Attach(program, "skb/kfree_skb"))
        {
            if (readWhileSending)
            {
                var go = new Thread(sender.Go);
                go.Start();
                while (go.IsAlive)
                {
                    ring.Wait(10);
                    ring.ReadAvailable(ref checker);
                }

                go.Join();
            }
            else
            {
                sender.Go();
            }
        }

        ring.ReadAvailable(ref checker);
        Assert.Equal(0, checker.Damaged);
        Assert.Equal(0L, ring.Pending);
        return (checker.Records, lost.Sum(0), ring.Size / (RecordSize + 8));
    }

    /// <summary>Per drop of <paramref name="pid"/>: reserve 40 bytes, write the time, a magic word and the pid, submit; or count a failed reservation.</summary>
    private static byte[] RecordDropsOf(int pid, int ringFd, int lostFd)
    {
        var asm = new Assembler();
        Label done = asm.NewLabel();
        Label full = asm.NewLabel();
        asm.Call(BpfHelper.GetCurrentPidTgid)
            .Alu64(AluOperation.ShiftRight, Register.R0, 32)
            .JumpIf(JumpCondition.NotEqual, Register.R0, pid, done)
            .LoadMapFd(Register.R1, ringFd)
            .Move64(Register.R2, RecordSize)
            .Move64(Register.R3, 0)
            .Call(BpfHelper.RingBufferReserve)
            .JumpIf(JumpCondition.Equal, Register.R0, 0, full)
            .Move64(Register.R6, Register.R0)
            .Call(BpfHelper.KtimeGetNanoseconds)
            .Store(MemorySize.DoubleWord, Register.R6, 0, Register.R0)
            .StoreImmediate(MemorySize.Word, Register.R6, 8, unchecked((int)Magic))
            .StoreImmediate(MemorySize.Word, Register.R6, 12, pid)
            .StoreImmediate(MemorySize.DoubleWord, Register.R6, 16, 0)
            .StoreImmediate(MemorySize.DoubleWord, Register.R6, 24, 0)
            .StoreImmediate(MemorySize.DoubleWord, Register.R6, 32, 0)
            .Move64(Register.R1, Register.R6)
            .Move64(Register.R2, 0)
            .Call(BpfHelper.RingBufferSubmit)
            .Jump(done)
            .Mark(full)
            .IncrementFirst(lostFd, -4, done)
            .Mark(done)
            .Move64(Register.R0, 0)
            .Exit();
        return asm.Assemble();
    }

    private struct Checker : IRingBufferHandler
    {
        public int Records;
        public int Damaged;
        private ulong _lastTime;

        public void OnRecord(ReadOnlySpan<byte> record)
        {
            ulong time = BinaryPrimitives.ReadUInt64LittleEndian(record);
            bool whole = record.Length == RecordSize && BinaryPrimitives.ReadUInt32LittleEndian(record.Slice(8)) == Magic && time >= _lastTime;
            Damaged += whole ? 0 : 1;
            _lastTime = time;
            Records++;
        }
    }
}
