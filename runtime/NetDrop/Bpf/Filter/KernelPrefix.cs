using System;

namespace NetDrop.Bpf.Filter;

/// <summary>An IPv4 or IPv6 prefix: the address most significant byte first (IPv4 in the low 32 bits) and its length in bits.</summary>
public readonly record struct KernelPrefix(int Version, UInt128 Bits, int Length)
{
    public int Width => Version == 4 ? 32 : 128;

    /// <summary>Whether an address of <paramref name="version"/> lies inside; one of the other version never does.</summary>
    public bool Contains(int version, UInt128 address)
    {
        if (version != Version)
        {
            return false;
        }

        if (Length == 0)
        {
            return true;
        }

        int shift = Width - Length;
        return address >> shift == Bits >> shift;
    }
}
