using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using NetDrop.Interop;
using NetDrop.Packet;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Packet;

/// <summary>Fanout groups, classic BPF filters, promiscuous mode and the errors a capture can meet, on the kernel.</summary>
[Trait("Needs", "live-kernel")]
public sealed class PacketSocketLiveTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TheoryData<FanoutMode, FanoutFlags> FanoutModes => new()
    {
        { FanoutMode.Hash, 0 },
        { FanoutMode.Lb, 0 },
        { FanoutMode.Cpu, 0 },
        { FanoutMode.Rollover, 0 },
        { FanoutMode.Lb, FanoutFlags.Rollover },
    };

    [LiveKernelTheory]
    [MemberData(nameof(FanoutModes))]
    public void A_fanout_group_shares_the_frames_and_loses_none(FanoutMode mode, FanoutFlags flags)
    {
        const int Members = 3;
        const int Frames = 300;
        using var lab = new CaptureLab();
        ushort group = (ushort)(Environment.ProcessId & 0x7fff);
        var captures = new List<PacketCapture>();
        try
        {
            for (int i = 0; i < Members; i++)
            {
                captures.Add(lab.OpenCapture(new PacketCaptureOptions
                {
                    ReceivePath = PacketReceivePath.RingV3,
                    BlockRetireTimeout = TimeSpan.FromMilliseconds(10),
                    Fanout = new PacketFanout(group, mode, flags),
                }));
            }

            lab.Send(0, Frames);
            // Frames reach the sockets from the softirq, which may run after the sender returns.
            var frames = captures.Select(_ => new CapturedFrames()).ToArray();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (frames.Sum(f => f.Count) < Frames && clock.Elapsed < Patience)
            {
                for (int i = 0; i < Members; i++)
                {
                    captures[i].Wait(TimeSpan.FromMilliseconds(5));
                    frames[i].ReadAvailable(captures[i]);
                }
            }

            for (int i = 0; i < Members; i++)
            {
                captures[i].Drain();
                frames[i].ReadAvailable(captures[i]);
            }

            long[] trailing = captures.Select(c => c.Finish()).ToArray();
            Assert.True(frames.Sum(f => f.Count) == Frames, $"members took {string.Join(", ", frames.Select(f => f.Count))} frames, trailing gaps {string.Join(", ", trailing)}, drops {string.Join(", ", captures.Select(c => c.Statistics.KernelDrops))}");

            // Whatever member took a frame, each frame was taken exactly once.
            Assert.Equal(Enumerable.Range(0, Frames), frames.SelectMany(f => f.Sequences).Order());
            Assert.All(frames, f => Assert.Equal(f.Sequences.Order(), f.Sequences));
            Assert.All(trailing, gap => Assert.Equal(0, gap));
            if (mode == FanoutMode.Lb)
            {
                // Round robin: the kernel deals the frames out one by one.
                Assert.All(frames, f => Assert.Equal(Frames / Members, f.Count));
            }
        }
        finally
        {
            captures.ForEach(c => c.Dispose());
        }
    }

    [LiveKernelFact]
    public void A_classic_bpf_filter_admits_only_the_frames_it_accepts()
    {
        using var lab = new CaptureLab();

        // ldb [18]; jeq #0xAA, accept, reject; accept: ret #0x40000; reject: ret #0
        byte[] program = Program(
            (0x30, 0, 0, 18),
            (0x15, 0, 1, 0xAA),
            (0x06, 0, 0, 0x40000),
            (0x06, 0, 0, 0));
        using PacketCapture capture = lab.OpenCapture(new PacketCaptureOptions
        {
            ReceivePath = PacketReceivePath.RingV2,
            Filter = program,
        });

        lab.Send(0, 200, sequence => sequence % 4 == 0 ? (byte)0xAA : (byte)0x55);
        var frames = new CapturedFrames();
        frames.ReadFrom(capture, 50, Patience);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i * 4), frames.Sequences);
        Assert.All(frames.Data, data => Assert.Equal(0xAA, data[18]));

        // A filter's rejections are not drops.
        Assert.Equal(0, capture.Finish());
        Assert.Equal(0, capture.Statistics.KernelDrops);
    }

    [LiveKernelFact]
    public void A_filter_that_is_not_whole_instructions_is_refused_before_the_kernel_sees_it()
    {
        using PacketSocket socket = PacketSocket.Open();
        var error = Assert.Throws<ArgumentException>(() => socket.AttachFilter(new byte[12]));
        Assert.Contains("8 bytes", error.Message, StringComparison.Ordinal);
    }

    [LiveKernelFact]
    public void A_program_the_kernel_rejects_says_so()
    {
        using var lab = new CaptureLab();

        // A jump past the end of the program.
        byte[] program = Program((0x05, 0, 0, 10), (0x06, 0, 0, 0));
        var error = Assert.Throws<PacketSocketException>(() => lab.OpenCapture(new PacketCaptureOptions { Filter = program }));
        Assert.Contains("SO_ATTACH_FILTER", error.Message, StringComparison.Ordinal);
        Assert.Equal(Errno.EINVAL, error.Errno);
    }

    [LiveKernelFact]
    public void Promiscuous_mode_lasts_as_long_as_the_capture()
    {
        using var lab = new CaptureLab();
        Assert.Contains("promiscuity 0 ", Flags(lab), StringComparison.Ordinal);
        using (lab.OpenCapture(new PacketCaptureOptions { Promiscuous = true }))
        {
            Assert.Contains("promiscuity 1 ", Flags(lab), StringComparison.Ordinal);
        }

        Assert.Contains("promiscuity 0 ", Flags(lab), StringComparison.Ordinal);
    }

    [LiveKernelFact]
    public void Without_CAP_NET_RAW_the_error_says_what_to_do()
    {
        PacketSocketException error = ThreadCapabilities.RunWithout([13 /* CAP_NET_RAW */], () =>
            Assert.Throws<PacketSocketException>(() => PacketSocket.Open()));

        Assert.Equal(Errno.EPERM, error.Errno);
        Assert.Contains("CAP_NET_RAW", error.Message, StringComparison.Ordinal);
        Assert.Contains("run as root", error.Message, StringComparison.Ordinal);
    }

    [LiveKernelFact]
    public void An_unknown_interface_is_named_in_the_error()
    {
        using var lab = new CaptureLab();
        var error = Assert.Throws<PacketSocketException>(() => lab.OpenCapture(new PacketCaptureOptions { Interface = "ndp-missing" }));
        Assert.Contains("no interface 'ndp-missing'", error.Message, StringComparison.Ordinal);
    }

    [LiveKernelTheory]
    [InlineData(PacketReceivePath.RingV3)]
    [InlineData(PacketReceivePath.RingV2)]
    [InlineData(PacketReceivePath.Recvmsg)]
    public void A_deleted_interface_ends_the_capture_with_a_clear_error_and_keeps_the_frames(PacketReceivePath path)
    {
        using var lab = new CaptureLab();
        using PacketCapture capture = lab.OpenCapture(new PacketCaptureOptions { ReceivePath = path, BlockRetireTimeout = TimeSpan.FromMilliseconds(20) });
        lab.Send(0, 40);
        lab.Receiver.Exec("ip", "link", "del", CaptureLab.ReceiverInterface);

        var frames = new CapturedFrames();
        PacketSocketException? error = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (error is null && clock.Elapsed < Patience)
        {
            frames.ReadAvailable(capture);
            try
            {
                capture.Wait(TimeSpan.FromMilliseconds(100));
            }
            catch (PacketSocketException e)
            {
                error = e;
            }
        }

        Assert.NotNull(error);
        Assert.Equal(Errno.ENETDOWN, error.Errno);
        Assert.Contains("ENETDOWN", error.Message, StringComparison.Ordinal);
        Assert.Contains("frames read so far are complete", error.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 40), frames.Sequences);
        Assert.Equal(0, capture.Finish());
    }

    private static string Flags(CaptureLab lab) => lab.Receiver.Exec("ip", "-d", "link", "show", CaptureLab.ReceiverInterface);

    /// <summary>sock_filter instructions as the bytes SO_ATTACH_FILTER takes (host byte order).</summary>
    private static byte[] Program(params (ushort Code, byte Jt, byte Jf, uint K)[] instructions)
    {
        byte[] bytes = new byte[instructions.Length * sock_filter.Size];
        for (int i = 0; i < instructions.Length; i++)
        {
            Span<byte> at = bytes.AsSpan(i * sock_filter.Size);
            BinaryPrimitives.WriteUInt16LittleEndian(at, instructions[i].Code);
            at[2] = instructions[i].Jt;
            at[3] = instructions[i].Jf;
            BinaryPrimitives.WriteUInt32LittleEndian(at.Slice(4), instructions[i].K);
        }

        return bytes;
    }
}
