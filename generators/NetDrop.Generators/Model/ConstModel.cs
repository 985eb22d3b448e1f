namespace NetDrop.Generators.Model;

/// <summary>A named number: a YNL const definition, or a socket level.</summary>
/// <param name="CName">The C name (TPACKET_ALIGNMENT, SOL_PACKET).</param>
internal sealed record ConstModel(string CName, long Value, string? Doc);
