namespace NetDrop.NetDm;

/// <summary>The drop monitor's configuration as CONFIG_NEW reports it.</summary>
/// <param name="TruncationLength">Bytes of each dropped packet sent; 0 sends all.</param>
/// <param name="QueueLength">Per-CPU queue of dropped packets awaiting delivery.</param>
public readonly record struct NetDmConfig(NetDmAlertMode? AlertMode, uint? TruncationLength, uint? QueueLength)
{
    public static NetDmConfig From(NetDmAttributes attributes) =>
        new(attributes.AlertMode, attributes.TruncLen, attributes.QueueLen);
}
