using System.IO;
using NetDrop.Kernel;

namespace NetDrop.Tests.Kernel;

public sealed class KernelSymbolsTests
{
    private const string Kallsyms = """
        ffffffff88fe7fe0 T neigh_invalidate
        ffffffff890bc140 T __udp4_lib_rcv
        ffffffff890bcd70 t udp_queue_rcv_skb
        ffffffff890c0000 D some_data
        0000000000000000 T hidden_by_kptr_restrict
        ffffffffc05ea0d0 t nft_do_chain	[nf_tables]
        not a kallsyms line
        """;

    [Fact]
    public void Resolves_text_symbols_with_their_offset_and_module()
    {
        KernelSymbols symbols = KernelSymbols.Parse(new StringReader(Kallsyms), out int skipped);

        Assert.Equal(4, symbols.Count);
        Assert.Equal(1, skipped);
        Assert.Equal("__udp4_lib_rcv+0x9a2", symbols.Format(0xffffffff890bcae2));
        Assert.Equal("neigh_invalidate+0x82", symbols.Format(0xffffffff88fe8062));
        Assert.Equal("nft_do_chain+0x47f [nf_tables]", symbols.Format(0xffffffffc05ea54f));
    }

    [Fact]
    public void An_address_seen_before_gives_the_same_text_without_allocating()
    {
        KernelSymbols symbols = KernelSymbols.Parse(new StringReader(Kallsyms), out _);
        string? first = symbols.Format(0xffffffff890bcae2);
        Assert.Null(symbols.Format(0xffffffff80000000));

        // Once more before measuring: the first lookups load and compile the cache's code.
        Assert.Same(first, symbols.Format(0xffffffff890bcae2));
        Assert.Null(symbols.Format(0xffffffff80000000));

        long before = System.GC.GetAllocatedBytesForCurrentThread();
        int resolved = 0;
        for (int i = 0; i < 10_000; i++)
        {
            resolved += ReferenceEquals(first, symbols.Format(0xffffffff890bcae2)) ? 1 : 0;
            resolved += symbols.Format(0xffffffff80000000) is null ? 0 : 1;
        }

        long allocated = System.GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(10_000, resolved);
        Assert.Equal(0, allocated);
        Assert.Equal("udp_queue_rcv_skb+0x1", symbols.Format(0xffffffff890bcd71));
    }

    [Fact]
    public void Gives_no_name_below_the_first_symbol_or_far_past_the_nearest()
    {
        KernelSymbols symbols = KernelSymbols.Parse(new StringReader(Kallsyms), out _);

        Assert.Null(symbols.Format(0xffffffff80000000));

        // A module address when only vmlinux symbols are known: no "udp_queue_rcv_skb+0x3752e7df".
        KernelSymbols vmlinuxOnly = KernelSymbols.Parse(new StringReader("ffffffff890bcd70 t udp_queue_rcv_skb\n"), out _);
        Assert.Null(vmlinuxOnly.Format(0xffffffffc05ea54f));
        Assert.NotNull(vmlinuxOnly.Format(0xffffffff890bcd70 + KernelSymbols.MaxOffset));
        Assert.Null(vmlinuxOnly.Format(0xffffffff890bcd70 + KernelSymbols.MaxOffset + 1));
    }

    [NetDrop.Tests.LiveKernel.LiveKernelFact]
    public void The_running_kernels_table_is_read_once_and_names_its_functions()
    {
        KernelSymbols? first = KernelSymbols.Running;

        Assert.NotNull(first);
        Assert.Same(first, KernelSymbols.Running);
        Assert.True(first.Count > 10_000, $"{first.Count} text symbols");
        string kfree = System.Linq.Enumerable.First(File.ReadLines("/proc/kallsyms"), l => l.EndsWith(" kfree_skb_reason", System.StringComparison.Ordinal) || l.EndsWith(" sk_skb_reason_drop", System.StringComparison.Ordinal));
        ulong address = ulong.Parse(kfree.Split(' ')[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith(kfree.Split(' ')[2] + "+0x10", first.Format(address + 0x10));
    }
}
