namespace NetDrop.NetDm;

/// <summary>
/// Drop monitor statistics (STATS_NEW): alerts the kernel dropped because a per-CPU queue was full.
/// These are drops of drop reports, so a non-zero value means the picture is incomplete.
/// </summary>
public readonly record struct NetDmStats(ulong? SoftwareDropped, ulong? HardwareDropped)
{
    public static NetDmStats From(NetDmAttributes attributes) =>
        new(attributes.Stats.Dropped, attributes.HwStats.Dropped);
}
