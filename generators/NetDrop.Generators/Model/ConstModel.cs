namespace NetDrop.Generators.Model;

/// <summary>A named number: a YNL const definition, or a socket level.</summary>
/// <param name="CName">The C# name: the spec's name c_upper'ed (TPACKET_ALIGNMENT, SOL_PACKET).</param>
internal sealed record ConstModel(string CName, long Value, string? Doc)
{
    /// <summary>For a string const (team's genl-change-event-mc-grp-name), its text; null for a number.</summary>
    public string? Text { get; init; }

    /// <summary>The kernel's C name where the spec is a kernel family's (ETHTOOL_... with its family prefix), for the metadata.</summary>
    public string? KernelName { get; init; }
}
