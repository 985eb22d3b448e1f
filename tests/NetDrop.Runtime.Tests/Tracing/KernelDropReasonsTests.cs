using System.Collections.Generic;
using System.IO;
using NetDrop.Tracing;

namespace NetDrop.Tests.Tracing;

public class KernelDropReasonsTests
{
    [Fact]
    public void Entries_are_the_kernels_numbers_and_names_in_order_without_max()
    {
        KernelDropReasons reasons = KernelDropReasons.From(TraceEventFormat.Parse(TracefsVectors.Format));

        // The saved 6.18 table numbers 2 (NOT_SPECIFIED) to 127, then MAX.
        Assert.Equal(reasons.Count, reasons.Entries.Count);
        Assert.Equal((2u, "NOT_SPECIFIED"), reasons.Entries[0]);
        Assert.Equal(127u, reasons.Entries[^1].Number);
        Assert.DoesNotContain(reasons.Entries, entry => entry.Name == "MAX");
        foreach ((uint number, string name) in reasons.Entries)
        {
            Assert.Equal(name, reasons.Name(number));
        }
    }

    [Fact]
    public void Numbers_outside_sixteen_bits_are_left_out()
    {
        KernelDropReasons reasons = KernelDropReasons.From(new Dictionary<long, string> { [-1] = "NEGATIVE", [3] = "THREE", [0x10000] = "TOO_BIG" });
        Assert.Equal([(3u, "THREE")], reasons.Entries);
    }

    [Fact]
    public void Read_finds_the_format_under_the_tracefs_directory()
    {
        string tracefs = Path.Combine(Path.GetTempPath(), "netdrop-reasons-" + Path.GetRandomFileName());
        string format = KfreeSkbFormat.PathUnder(tracefs);
        Directory.CreateDirectory(Path.GetDirectoryName(format)!);
        try
        {
            File.WriteAllText(format, TracefsVectors.Format);
            Assert.Equal(KernelDropReasons.From(TraceEventFormat.Parse(TracefsVectors.Format)).Entries, KernelDropReasons.Read(tracefs).Entries);
            Assert.EndsWith("/events/skb/kfree_skb/format", format);
        }
        finally
        {
            Directory.Delete(tracefs, recursive: true);
        }
    }
}
