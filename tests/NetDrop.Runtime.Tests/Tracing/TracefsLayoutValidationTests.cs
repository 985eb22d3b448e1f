using System;
using System.IO;
using System.Text;
using NetDrop.Tracing;

namespace NetDrop.Tests.Tracing;

/// <summary>
/// Format files whose numbers would send the tracepoint source outside its page or its records, found by
/// fuzzing (fuzz/run.sh tracefs-format; AFL's inputs are in testdata/fuzz/): each is a FormatException that
/// names the field, never an exception from reading a page, and never a huge page buffer. And a page
/// that claims a stored count of lost events without saying events were lost.
/// </summary>
public sealed class TracefsLayoutValidationTests
{
    private static string HeaderPage(string timestamp = "offset:0;\tsize:8;", string commit = "offset:8;\tsize:8;", string data = "offset:16;\tsize:4080;") =>
        $"\tfield: u64 timestamp;\t{timestamp}\tsigned:0;\n\tfield: local_t commit;\t{commit}\tsigned:1;\n\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n\tfield: char data;\t{data}\tsigned:0;\n";

    [Fact]
    public void The_real_header_page_still_parses()
    {
        RingBufferPageLayout layout = RingBufferPageLayout.Parse(TracefsVectors.HeaderPage);

        Assert.Equal(new RingBufferPageLayout(0, 8, 8, 16, 4080), layout);
        Assert.Equal(RingBufferPageLayout.Parse(HeaderPage()), layout);
    }

    [Fact]
    public void A_timestamp_past_the_page_header_found_by_fuzzing_is_a_format_error()
    {
        // AFL's input: the real format, a NUL, then a header_page whose timestamp is at offset 655360.
        byte[] input = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "testdata", "fuzz", "tracefs-format", "timestamp-past-page"));
        string headerPage = Encoding.UTF8.GetString(input.AsSpan(Array.IndexOf(input, (byte)0) + 1));

        FormatException error = Assert.Throws<FormatException>(() => RingBufferPageLayout.Parse(headerPage));

        Assert.Contains("timestamp", error.Message, StringComparison.Ordinal);
        Assert.Contains("655360", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("offset:5000;\tsize:8;", null, null, "timestamp")]
    [InlineData(null, "offset:4095;\tsize:8;", null, "commit")]
    [InlineData(null, "offset:12;\tsize:8;", null, "commit")]
    [InlineData(null, null, "offset:16;\tsize:2147483647;", "data")]
    [InlineData(null, null, "offset:2147483647;\tsize:4080;", "data")]
    [InlineData(null, null, "offset:16;\tsize:0;", "data")]
    public void A_header_page_that_does_not_fit_a_page_is_a_format_error(string? timestamp, string? commit, string? data, string field)
    {
        string text = HeaderPage(timestamp ?? "offset:0;\tsize:8;", commit ?? "offset:8;\tsize:8;", data ?? "offset:16;\tsize:4080;");

        FormatException error = Assert.Throws<FormatException>(() => RingBufferPageLayout.Parse(text));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("skbaddr;\toffset:8;", "skbaddr;\toffset:2147483647;", "skbaddr")]
    [InlineData("location;\toffset:16;", "location;\toffset:2147483645;", "location")]
    [InlineData("reason;\toffset:36;", "reason;\toffset:70000000;", "reason")]
    public void A_record_field_beyond_any_record_is_a_format_error(string real, string damaged, string field)
    {
        TraceEventFormat format = TraceEventFormat.Parse(TracefsVectors.Format.Replace(real, damaged, StringComparison.Ordinal));

        FormatException error = Assert.Throws<FormatException>(() => KfreeSkbLayout.From(format));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layout_made_by_hand_that_misses_the_page_is_reported_by_the_reader_not_thrown()
    {
        var layout = new RingBufferPageLayout(TimestampOffset: 5000, CommitOffset: 8, CommitSize: 8, DataOffset: 16, DataSize: 4080);
        var reader = new RingBufferPageReader(TracefsVectors.Page, layout);

        Assert.False(reader.TryReadNext(out _));
        Assert.Contains("header", reader.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layout_made_by_hand_with_huge_offsets_reads_no_record()
    {
        TraceEventFormat format = TraceEventFormat.Parse(TracefsVectors.Format);
        KfreeSkbLayout real = KfreeSkbLayout.From(format);
        KfreeSkbLayout huge = real with { SkbAddressOffset = int.MaxValue };
        var collector = new DropCollector();

        int count = KfreeSkbSource.ReadPage(TracefsVectors.Page, 1, RingBufferPageLayout.Parse(TracefsVectors.HeaderPage), huge, ref collector, out _);

        Assert.Equal(0, count);
        Assert.Equal(int.MaxValue, huge.MinimumLength);
    }

    [Fact]
    public void A_stored_loss_count_without_the_loss_flag_found_by_fuzzing_is_not_reported_as_loss()
    {
        // AFL's input: a 211-byte page whose commit word has RB_MISSED_STORED (bit 30) but not RB_MISSED_EVENTS (bit 31).
        byte[] page = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "testdata", "fuzz", "tracefs-page", "missed-count-without-flag"));
        Assert.Equal(0x40000000u, BitConverter.ToUInt32(page, 8) & 0xc0000000u);

        var reader = new RingBufferPageReader(page, RingBufferPageLayout.Parse(TracefsVectors.HeaderPage));

        Assert.False(reader.HasMissedEvents);
        Assert.Equal(0, reader.MissedEvents);
    }
}
