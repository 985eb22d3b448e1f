namespace NetDrop.Bpf.Btf;

/// <summary>Where a member lives in its outermost struct, as a member path resolved it.</summary>
/// <param name="BitOffset">Bits from the start of the outermost struct.</param>
/// <param name="BitSize">For a bitfield, its width in bits; 0 for an ordinary member.</param>
/// <param name="Size">Bytes the member's type takes (for a bitfield, of its underlying integer).</param>
/// <param name="TypeId">The member's type with typedefs and modifiers (const, volatile, restrict, type tags) skipped.</param>
/// <param name="Kind">The kind of <paramref name="TypeId"/>.</param>
public readonly record struct BtfMember(long BitOffset, int BitSize, long Size, int TypeId, BtfKind Kind)
{
    /// <summary>Bytes from the start of the outermost struct (for a bitfield, of the byte holding its first bit).</summary>
    public long Offset => BitOffset / 8;

    public bool IsBitfield => BitSize != 0;
}
