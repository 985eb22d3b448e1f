using System;
using System.Globalization;

namespace NetDrop.Kernel;

/// <summary>Drop locations by function rather than by call site: "nft_do_chain+0x47f/0x5e0 [nf_tables]" is nft_do_chain in nf_tables.</summary>
public static class KernelFunction
{
    /// <summary>The function name alone; empty for a missing symbol.</summary>
    public static ReadOnlySpan<char> Name(string? symbol)
    {
        if (symbol is null)
        {
            return default;
        }

        int end = symbol.AsSpan().IndexOfAny('+', ' ');
        return end < 0 ? symbol : symbol.AsSpan(0, end);
    }

    /// <summary>"nft_do_chain [nf_tables]", "__udp4_lib_rcv", or the address in hex when there is no symbol.</summary>
    public static string Describe(DropEvent drop)
    {
        if (drop.Symbol is not { } symbol)
        {
            return "0x" + drop.Location.ToString("x", CultureInfo.InvariantCulture);
        }

        int module = symbol.IndexOf(" [", StringComparison.Ordinal);
        ReadOnlySpan<char> name = Name(symbol);
        return module > 0 ? string.Concat(name, symbol.AsSpan(module)) : name.ToString();
    }
}
