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

    /// <summary>What a drop's location is called when it has no symbol and its address is not to be shown.</summary>
    public const string Unknown = "unknown";

    /// <summary>"nft_do_chain [nf_tables]", "__udp4_lib_rcv", or <see cref="Unknown"/> when there is no symbol.</summary>
    public static string Describe(DropEvent drop) => Describe(drop, kernelAddresses: false);

    /// <summary>
    /// As <see cref="Describe(DropEvent)"/>, but the address in hex when there is no symbol and
    /// <paramref name="kernelAddresses"/> is set: a raw address gives away where the kernel is loaded
    /// (KASLR), so it is shown only when asked for.
    /// </summary>
    public static string Describe(DropEvent drop, bool kernelAddresses)
    {
        ArgumentNullException.ThrowIfNull(drop);
        if (drop.Symbol is not { } symbol)
        {
            return kernelAddresses ? "0x" + drop.Location.ToString("x", CultureInfo.InvariantCulture) : Unknown;
        }

        int module = symbol.IndexOf(" [", StringComparison.Ordinal);
        ReadOnlySpan<char> name = Name(symbol);
        return module > 0 ? string.Concat(name, symbol.AsSpan(module)) : name.ToString();
    }
}
