namespace NetDrop.Metrics;

/// <summary>Bounds on the label values <see cref="DropMetrics"/> publishes.</summary>
/// <remarks>
/// A metrics backend stores one series per distinct set of labels. Reasons and subsystems are a
/// closed set from the kernel, but kernel symbols and interface names are not (a container host has
/// thousands of veths), so past a cap new values are published as <see cref="DropMetrics.OtherValue"/>.
/// </remarks>
public sealed record DropMetricsOptions
{
    /// <summary>Distinct kernel functions published by name; later ones count as "other".</summary>
    public int MaxSymbols { get; init; } = 64;

    /// <summary>Distinct interfaces published by name; later ones count as "other".</summary>
    public int MaxInterfaces { get; init; } = 32;

    /// <summary>Distinct reason names published (the kernel's table has about 120 core reasons).</summary>
    public int MaxReasons { get; init; } = 256;
}
