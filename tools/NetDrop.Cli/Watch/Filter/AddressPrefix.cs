using System;
using System.Globalization;
using NetDrop.Frames;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>An IPv4 or IPv6 address with a prefix length (32 or 128 for a single address), as the filter compares them.</summary>
/// <param name="Version">4 or 6.</param>
/// <param name="Bits">The address, most significant byte first (IPv4 in the low 32 bits).</param>
/// <param name="Length">The prefix length in bits.</param>
internal readonly record struct AddressPrefix(int Version, UInt128 Bits, int Length)
{
    public int Width => Version == 4 ? 32 : 128;

    /// <summary>Whether an address of the frame lies in this prefix; an address of the other version never does.</summary>
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

    public bool ContainsSource(in FrameSummary frame) => Contains(frame.AddressVersion, frame.SourceBits);

    public bool ContainsDestination(in FrameSummary frame) => Contains(frame.AddressVersion, frame.DestinationBits);

    public override string ToString() => Length == Width ? Format() : Format() + "/" + Length.ToString(CultureInfo.InvariantCulture);

    private string Format()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (Version == 4)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Bits);
            return new System.Net.IPAddress(bytes[..4]).ToString();
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, Bits);
        return new System.Net.IPAddress(bytes).ToString();
    }
}
