using System;
using System.IO;
using NetDrop.Tracing;

namespace NetDrop.Fuzz.Targets;

/// <summary>The real kernel's tracefs files shipped in testdata/tracefs (Linux 6.18), copied beside the harness.</summary>
internal static class TracefsVectors
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "testdata", "tracefs");

    public static string FormatText { get; } = File.ReadAllText(Path.Combine(Directory, "kfree_skb-format-6.18"));

    public static string HeaderPageText { get; } = File.ReadAllText(Path.Combine(Directory, "header_page-6.18"));

    /// <summary>One page read from trace_pipe_raw of CPU 1, holding kfree_skb records.</summary>
    public static byte[] Page { get; } = File.ReadAllBytes(Path.Combine(Directory, "kfree_skb-cpu1-6.18.raw"));

    public static RingBufferPageLayout PageLayout { get; } = RingBufferPageLayout.Parse(HeaderPageText);

    public static TraceEventFormat Format { get; } = TraceEventFormat.Parse(FormatText);

    public static KfreeSkbLayout Layout { get; } = KfreeSkbLayout.From(Format);

    public static KernelDropReasons Reasons { get; } = KernelDropReasons.From(Format);
}
