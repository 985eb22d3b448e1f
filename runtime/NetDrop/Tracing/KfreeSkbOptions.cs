using System;

namespace NetDrop.Tracing;

/// <summary>How the skb:kfree_skb source sets up its tracefs instance.</summary>
public sealed record KfreeSkbOptions
{
    /// <summary>Ring buffer per CPU. A record takes 44 bytes with its event header, so 4 MiB holds about 94,000 drops per CPU between reads (about 210 ms at 450,000 drops/s on one CPU).</summary>
    public int BufferSizeKilobytes { get; init; } = 4096;

    /// <summary>
    /// A filter the kernel applies before recording (events/skb/kfree_skb/filter syntax), e.g.
    /// "protocol == 0x800" or "common_pid == 1234": filtered-out drops cost nothing in user space.
    /// </summary>
    public string? Filter { get; init; }

    /// <summary>Where tracefs is; null finds (or mounts) it.</summary>
    public string? TracefsPath { get; init; }

    /// <summary>Longest a reader waits for a page to fill before reading what there is.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
/// Removes the instance when the process gets SIGINT, SIGTERM, SIGQUIT or SIGHUP, or fails; the signal's own
/// effect is unchanged. A signal the application cancels (to shut down gracefully) only stops recording, so
/// the application can still drain and dispose.
/// </summary>
    public bool RemoveOnProcessExit { get; init; } = true;
}
