using System;

namespace NetDrop.Bpf;

/// <summary>How the BPF drop source is set up.</summary>
public sealed class BpfDropSourceOptions
{
    /// <summary>Bytes of each packet to copy from its MAC header (NET_DM's default truncation); 0 to <see cref="BpfDropRecordLayout.MaxSnapLength"/>.</summary>
    public int SnapLength { get; init; } = BpfDropRecordLayout.DefaultSnapLength;

    /// <summary>The ring buffer's data area: a power of two, at least a page. 4 MiB holds about 16,900 records of the default snap length.</summary>
    public int RingBufferSize { get; init; } = 4 << 20;

    /// <summary>The BTF to take struct offsets from; null for the running kernel's (/sys/kernel/btf/vmlinux).</summary>
    public string? BtfPath { get; init; }

    /// <summary>Where tracefs is mounted; null to find it (and mount it if need be).</summary>
    public string? TracefsPath { get; init; }

    /// <summary>
    /// Drops to record; the program counts the others (<see cref="BpfDropSource.ReadKernelFilteredOut"/>)
    /// and records nothing for them. Null records every drop.
    /// </summary>
    public Filter.KernelFilter? Filter { get; init; }

    /// <summary>Kernel stack frames to record with each drop (bpf_get_stack), 0 to <see cref="BpfDropRecordLayout.MaxStackFrames"/>; 0 records none.</summary>
    public int StackFrames { get; init; }

    /// <summary>How long one wait in <see cref="BpfDropSource.ReadEventsAsync"/> lasts before it looks at cancellation again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
