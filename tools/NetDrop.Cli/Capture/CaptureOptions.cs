using System;
using NetDrop.Cli.Metrics;
using NetDrop.Packet;

namespace NetDrop.Cli.Capture;

/// <summary>What netdrop capture was asked to do, checked.</summary>
internal sealed record CaptureOptions(
    string Interface,
    string WritePath,
    PacketReceivePath ReceivePath,
    int SnapLength,
    int RingBytes,
    PacketFanout? Fanout,
    bool Promiscuous,
    TimeSpan? Duration,
    long? Count)
{
    /// <summary>Frames are kept whole unless --snaplen says otherwise (libpcap's default too).</summary>
    public const int DefaultSnapLength = 262144;

    /// <summary>A 16 MiB ring: at 64-byte frames about 100,000 frames, a quarter of a second at 400,000/s.</summary>
    public const int DefaultRingBytes = 16 << 20;

    /// <summary>The interface name that captures every interface (as tcpdump -i any).</summary>
    public const string AnyInterface = "any";

    public MetricsExportOptions? Otlp { get; init; }

    /// <summary>The capture filter in tcpdump's language; null keeps every frame.</summary>
    public string? Filter { get; init; }

    /// <summary>--dump-filter: print the compiled program and exit.</summary>
    public bool DumpFilter { get; init; }
}
