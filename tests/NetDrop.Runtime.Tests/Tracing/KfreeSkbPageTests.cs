using System.Collections.Generic;
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using NetDrop.Kernel;
using NetDrop.Tracing;

namespace NetDrop.Tests.Tracing;

/// <summary>A real trace_pipe_raw page, decoded with the real format files, against the kernel's own text rendering of the same events.</summary>
public sealed partial class KfreeSkbPageTests
{
    [GeneratedRegex(@"^\s*(?<comm>\S+)-(?<pid>\d+)\s+\[(?<cpu>\d+)\]\s+\S+\s+(?<sec>\d+)\.(?<usec>\d{6}): kfree_skb: .*protocol=(?<proto>\d+) location=(?<location>\S+) reason: (?<reason>\S+)")]
    private static partial Regex TraceLine();

    [Fact]
    public void Every_record_of_the_page_agrees_with_the_kernels_text_trace()
    {
        TraceEventFormat format = TraceEventFormat.Parse(TracefsVectors.Format);
        KfreeSkbLayout layout = KfreeSkbLayout.From(format);
        KernelDropReasons reasons = KernelDropReasons.From(format);
        KernelSymbols symbols = KernelSymbols.Parse(new StringReader(TracefsVectors.Kallsyms), out _);
        var collector = new DropCollector();

        int count = KfreeSkbSource.ReadPage(TracefsVectors.Page, 1, RingBufferPageLayout.Parse(TracefsVectors.HeaderPage), layout, ref collector, out PageLoss loss);

        string[] lines = TracefsVectors.TraceLines;
        Assert.Equal(lines.Length, count);
        Assert.False(loss.HasMissedEvents);
        Assert.Null(loss.Error);
        for (int i = 0; i < lines.Length; i++)
        {
            Match expected = TraceLine().Match(lines[i]);
            Assert.True(expected.Success, lines[i]);
            CollectedDrop drop = collector.Drops[i];
            Assert.Equal(int.Parse(expected.Groups["pid"].Value, CultureInfo.InvariantCulture), drop.Pid);
            Assert.Equal(ushort.Parse(expected.Groups["proto"].Value, CultureInfo.InvariantCulture), drop.Protocol);
            Assert.Equal(expected.Groups["reason"].Value, reasons.Name(drop.Reason!.Value));

            // The text prints microseconds of the same clock, rounded (ns2usecs adds 500); %pS prints symbol+offset/size.
            ulong microseconds = (ulong.Parse(expected.Groups["sec"].Value, CultureInfo.InvariantCulture) * 1_000_000) + ulong.Parse(expected.Groups["usec"].Value, CultureInfo.InvariantCulture);
            Assert.Equal(microseconds, (drop.Timestamp + 500) / 1000);
            string location = expected.Groups["location"].Value;
            Assert.Equal(location.Substring(0, location.IndexOf('/')), symbols.Format(drop.Location));
            Assert.Equal(0UL, drop.RxSocket);
            Assert.NotEqual(0UL, drop.SkbAddress);
        }

        Assert.All(collector.Drops, drop => Assert.Equal(DropReason.NoSocket, reasons.Reason(drop.Reason!.Value)));
    }

    [Fact]
    public void The_format_gives_the_running_kernels_layout_and_numbering()
    {
        TraceEventFormat format = TraceEventFormat.Parse(TracefsVectors.Format);
        KfreeSkbLayout layout = KfreeSkbLayout.From(format);
        KernelDropReasons reasons = KernelDropReasons.From(format);

        Assert.Equal(("kfree_skb", 2310), (format.Name, format.Id));
        Assert.Equal((8, 16, 24, 32, 36), (layout.SkbAddressOffset, layout.LocationOffset, layout.RxSocketOffset, layout.ProtocolOffset, layout.ReasonOffset));
        Assert.Equal(40, layout.MinimumLength);

        // On this kernel NETFILTER_DROP is 12 (it was 8 when the reasons were first numbered).
        Assert.Equal("NETFILTER_DROP", reasons.Name(12));
        Assert.Equal(DropReason.NetfilterDrop, reasons.Reason(12));
        // Numbers 2 to 127; 0 and 1 (not dropped, consumed) are not printed and MAX is not a reason.
        Assert.Equal(126, reasons.Count);

        // SOCKET_CLOSE came with a kernel newer than the first catalogue; netdrop specs sync added it.
        Assert.Equal(DropReason.SocketClose, reasons.Reason(4));
        Assert.Equal("SOCKET_CLOSE", reasons.Name(4));
        Assert.Null(reasons.Name(128));

        // Reasons newer than the catalogue are kept by name, never dropped.
        KernelDropReasons newer = KernelDropReasons.From(new Dictionary<long, string> { [3] = "NO_SOCKET", [4] = "A_REASON_OF_A_NEWER_KERNEL" });
        Assert.Equal(new[] { "A_REASON_OF_A_NEWER_KERNEL" }, newer.Unknown);
        Assert.Null(newer.Reason(4));
        Assert.Equal("A_REASON_OF_A_NEWER_KERNEL", newer.Name(4));
        Assert.Equal(3, KernelDropReasons.Subsystem(0x3_0005));
    }

    [Fact]
    public void A_format_without_the_needed_fields_is_a_clear_error()
    {
        string withoutLocation = string.Join('\n', TracefsVectors.Format.Split('\n').Where(line => !line.Contains(" location;", StringComparison.Ordinal)));
        FormatException error = Assert.Throws<FormatException>(() => KfreeSkbLayout.From(TraceEventFormat.Parse(withoutLocation)));
        Assert.Contains("no 'location' field", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => TraceEventFormat.Parse("not a format file"));
    }

    [Fact]
    public async Task Damaged_pages_never_throw_and_always_end()
    {
        // Run with a deadline: a walk that stops making progress must fail the test, not hang CI.
        await Task.Run(DecodeDamagedPages).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static void DecodeDamagedPages()
    {
        RingBufferPageLayout pageLayout = RingBufferPageLayout.Parse(TracefsVectors.HeaderPage);
        KfreeSkbLayout layout = KfreeSkbLayout.From(TraceEventFormat.Parse(TracefsVectors.Format));
        byte[] original = TracefsVectors.Page;
        var random = new Random(2310);
        for (int round = 0; round < 5000; round++)
        {
            byte[] page = (byte[])original.Clone();
            int flips = random.Next(1, 8);
            for (int i = 0; i < flips; i++)
            {
                page[random.Next(0, 300)] = (byte)random.Next(256);
            }

            int length = random.Next(0, 3) == 0 ? random.Next(0, page.Length) : page.Length;
            var collector = new DropCollector();
            int count = KfreeSkbSource.ReadPage(page.AsSpan(0, length), 0, pageLayout, layout, ref collector, out _);
            Assert.True(count <= 4080 / 8);
        }
    }

    [Fact]
    public void A_large_record_shorter_than_its_length_word_ends_the_walk()
    {
        // type_len 0 with array[0] = 2: the case that once made the walk spin in place.
        RingBufferPageLayout pageLayout = RingBufferPageLayout.Parse(TracefsVectors.HeaderPage);
        byte[] page = new byte[pageLayout.PageSize];
        BitConverter.TryWriteBytes(page.AsSpan(pageLayout.CommitOffset), 16L);
        BitConverter.TryWriteBytes(page.AsSpan(pageLayout.DataOffset + 4), 2u);
        var reader = new RingBufferPageReader(page, pageLayout);

        Assert.False(reader.TryReadNext(out _));
        Assert.Contains("shorter than its own length word", reader.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missed_events_in_the_page_header_are_reported()
    {
        RingBufferPageLayout pageLayout = RingBufferPageLayout.Parse(TracefsVectors.HeaderPage);
        KfreeSkbLayout layout = KfreeSkbLayout.From(TraceEventFormat.Parse(TracefsVectors.Format));
        byte[] page = TracefsVectors.Page;
        uint commit = BitConverter.ToUInt32(page, pageLayout.CommitOffset);

        // RB_MISSED_EVENTS | RB_MISSED_STORED as a 64-bit kernel writes them: sign-extended into the
        // whole 8-byte commit word, with the count stored after the data.
        Assert.Equal(8, pageLayout.CommitSize);
        BitConverter.TryWriteBytes(page.AsSpan(pageLayout.CommitOffset), 0xffffffffc0000000UL | commit);
        BitConverter.TryWriteBytes(page.AsSpan(pageLayout.DataOffset + (int)commit), 42L);
        var collector = new DropCollector();
        int count = KfreeSkbSource.ReadPage(page, 1, pageLayout, layout, ref collector, out PageLoss loss);

        Assert.Equal(TracefsVectors.TraceLines.Length, count);
        Assert.True(loss.HasMissedEvents);
        Assert.Equal(42, loss.MissedEvents);
    }

    [Fact]
    public void Finds_tracefs_in_proc_mounts()
    {
        Assert.Equal("/sys/kernel/tracing", Tracefs.FindMount("sysfs /sys sysfs rw 0 0\ntracefs /sys/kernel/tracing tracefs rw,relatime 0 0\n"));
        Assert.Equal("/mnt/my traces", Tracefs.FindMount("tracefs /mnt/my\\040traces tracefs rw 0 0\n"));
        Assert.Null(Tracefs.FindMount("proc /proc proc rw 0 0\n"));
    }
}
