using System;
using System.Net;

namespace NetDrop.Frames;

public readonly partial struct FrameSummary
{
    /// <summary>The longest address text: an IPv6 address with an embedded IPv4 one.</summary>
    public const int MaxAddressChars = 45;

    /// <summary>
    /// Writes the source address as <see cref="IPAddress.ToString"/> would; false when the frame has no
    /// addresses or <paramref name="destination"/> is too short. An IPv4 address is written without
    /// allocating (the drops of a busy host are mostly IPv4); an IPv6 one still makes an IPAddress.
    /// </summary>
    public bool TryFormatSourceAddress(Span<char> destination, out int written) => TryFormatAddress(_source, destination, out written);

    /// <summary>As <see cref="TryFormatSourceAddress"/>, for the destination address.</summary>
    public bool TryFormatDestinationAddress(Span<char> destination, out int written) => TryFormatAddress(_destination, destination, out written);

    private bool TryFormatAddress(UInt128 bits, Span<char> destination, out int written)
    {
        written = 0;
        switch (AddressVersion)
        {
            case 4:
                uint address = (uint)bits;
                for (int shift = 24; shift >= 0; shift -= 8)
                {
                    if (shift != 24)
                    {
                        if (written >= destination.Length)
                        {
                            return false;
                        }

                        destination[written++] = '.';
                    }

                    if (!((address >> shift) & 0xff).TryFormat(destination[written..], out int digits, default, System.Globalization.CultureInfo.InvariantCulture))
                    {
                        return false;
                    }

                    written += digits;
                }

                return true;
            case 6:
                return ToAddress(bits)!.TryFormat(destination, out written);
            default:
                return false;
        }
    }
}
