using System;

namespace NetDrop.Packet;

/// <summary>What <see cref="PacketCapture.Open"/> captures, and how.</summary>
public sealed class PacketCaptureOptions
{
    /// <summary>The interface to capture on, by name; null (with no <see cref="InterfaceIndex"/>) captures on every interface.</summary>
    public string? Interface { get; init; }

    /// <summary>The interface to capture on, by index, when <see cref="Interface"/> is null.</summary>
    public int? InterfaceIndex { get; init; }

    /// <summary>The ETH_P_* protocol to capture, host byte order; every protocol by default.</summary>
    public ushort Protocol { get; init; } = PacketSocket.AllProtocols;

    public PacketReceivePath ReceivePath { get; init; } = PacketReceivePath.RingV3;

    /// <summary>Ring block size in bytes, a multiple of the page size (TPACKET_V3 frames never cross a block).</summary>
    public int BlockSize { get; init; } = 1 << 20;

    /// <summary>Ring blocks; the ring takes <see cref="BlockSize"/> × this many bytes of locked kernel memory.</summary>
    public int BlockCount { get; init; } = 8;

    /// <summary>
    /// TPACKET_V2 slot size in bytes (a multiple of 16): a frame longer than the slot minus its header
    /// is truncated. On TPACKET_V3 only the kernel's consistency check sees it.
    /// </summary>
    public int FrameSize { get; init; } = 2048;

    /// <summary>
    /// TPACKET_V3: how long the kernel fills a block before handing it over anyway (tp_retire_blk_tov,
    /// whole milliseconds, 1 ms or more). Frames wait in the kernel at most this long.
    /// </summary>
    public TimeSpan BlockRetireTimeout { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>recvmsg: the largest frame read whole; longer ones are truncated (their <see cref="PacketFrame.OriginalLength"/> says so).</summary>
    public int MaxFrameLength { get; init; } = 65536;

    /// <summary>Put the interface in promiscuous mode for the capture's lifetime.</summary>
    public bool Promiscuous { get; init; }

    /// <summary>A fanout group to join, so several captures share the interface's frames.</summary>
    public PacketFanout? Fanout { get; init; }

    /// <summary>
    /// A classic BPF program (the bytes of a sock_filter array, 1 to 4096 instructions of 8 bytes, host
    /// order; <see cref="CaptureFilter.KernelProgram"/> compiles one from tcpdump's language) that frames
    /// must pass. It is attached before the socket is bound, so no frame that came before it is seen.
    /// Its return value also cuts each frame, as the kernel does with any socket filter.
    /// </summary>
    public ReadOnlyMemory<byte> Filter { get; init; }

    /// <summary>
    /// A SOCK_DGRAM socket (<see cref="PacketSocket.OpenCooked"/>): frames from the network header on,
    /// the link layer described by each frame's <see cref="PacketFrame.HardwareType"/> and address, as
    /// libpcap's "any" device captures. For a capture of every interface, whose link layers differ.
    /// A <see cref="Filter"/> then reads the frame from its network header.
    /// </summary>
    public bool CookedFrames { get; init; }

    /// <summary>
    /// A ring of about <paramref name="ringBytes"/> as blocks: 1 MiB blocks for rings of 8 MiB and more
    /// (fewer hand-backs), else eight blocks of a power of two, at least a page each, and never fewer than two.
    /// </summary>
    public static (int BlockSize, int BlockCount) RingBlocks(int ringBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ringBytes);
        int blockSize = ringBytes >= 8 << 20 ? 1 << 20 : Math.Max(4096, 1 << (31 - int.LeadingZeroCount(Math.Max(1, ringBytes / 8))));
        return (blockSize, Math.Max(2, ringBytes / blockSize));
    }

    internal void Validate()
    {
        int page = Environment.SystemPageSize;
        if (BlockSize <= 0 || BlockSize % page != 0)
        {
            throw new ArgumentException($"BlockSize must be a positive multiple of the page size ({page}); {BlockSize} is not.");
        }

        if (BlockCount <= 0)
        {
            throw new ArgumentException($"BlockCount must be positive; {BlockCount} is not.");
        }

        if (FrameSize < 64 || FrameSize % AfPacketConstants.TPACKET_ALIGNMENT != 0 || FrameSize > BlockSize)
        {
            throw new ArgumentException($"FrameSize must be a multiple of {AfPacketConstants.TPACKET_ALIGNMENT}, at least 64 and at most BlockSize; {FrameSize} is not.");
        }

        if (BlockRetireTimeout < TimeSpan.FromMilliseconds(1) || BlockRetireTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException($"BlockRetireTimeout must be at least 1 ms; {BlockRetireTimeout} is not.");
        }

        if (!Filter.IsEmpty && (Filter.Length % sock_filter.Size != 0 || Filter.Length / sock_filter.Size > CaptureFilter.MaxInstructions))
        {
            throw new ArgumentException($"Filter must be 1 to {CaptureFilter.MaxInstructions} sock_filter instructions of {sock_filter.Size} bytes; {Filter.Length} bytes is not.");
        }

        if (MaxFrameLength < 64)
        {
            throw new ArgumentException($"MaxFrameLength must be at least 64; {MaxFrameLength} is not.");
        }
    }
}
