using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using NetDrop.CaptureFiles;

namespace NetDrop.Tests.Capture;

/// <summary>The reader on blocks written by hand: flags, several comments, interface names and statistics in both byte orders, and their damage.</summary>
public class PcapNgOptionTests
{
    private static readonly byte[] Frame = [1, 2, 3, 4, 5, 6];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Flags_comments_names_and_statistics_are_read_in_either_byte_order(bool bigEndian)
    {
        var builder = new PcapNgBuilder().Section(bigEndian);
        byte[] file = builder
            .Block(PcapNgBuilder.InterfaceDescriptionType, [.. builder.U16(LinkTypes.Ethernet), .. builder.U16(0), .. builder.U32(0),
                .. Option(builder, 2, Encoding.UTF8.GetBytes("eth0\0")), .. Option(builder, 3, Encoding.UTF8.GetBytes("uplink")), .. builder.U32(0)])
            .Enhanced(0, 5, Frame, comment: "first", extraOptions: [(2, builder.U32(0x405)), (1, Encoding.UTF8.GetBytes("second"))])
            .Block(PcapNgBuilder.InterfaceStatisticsType, [.. builder.U32(0), .. builder.U32(0), .. builder.U32(1_000_000),
                .. Option(builder, 2, [.. builder.U32(0), .. builder.U32(7)]), .. Option(builder, 4, builder.U64(100)),
                .. Option(builder, 7, builder.U64(40)), .. Option(builder, 1, Encoding.UTF8.GetBytes("why")), .. builder.U32(0)])
            .ToArray();

        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file));
        Assert.True(reader.TryReadNext(out CapturedRecord record));
        Assert.Equal("eth0", record.Interface.Name);
        Assert.Equal("uplink", record.Interface.Description);
        Assert.Equal(new PcapNgPacketFlags(0x405), record.Flags);
        Assert.Equal("first", Encoding.UTF8.GetString(record.CommentUtf8));
        var comments = new List<string>();
        foreach (ReadOnlySpan<byte> comment in record.Comments)
        {
            comments.Add(Encoding.UTF8.GetString(comment));
        }

        Assert.Equal(["first", "second"], comments);
        Assert.False(reader.TryReadNext(out _));
        Assert.Null(reader.Error);

        // The default resolution is microseconds: the block's time and isb_starttime are converted to nanoseconds.
        CaptureStatistics statistics = Assert.Single(reader.Statistics);
        Assert.Equal(1_000_000_000L, statistics.TimestampNanoseconds);
        Assert.Equal(new PcapNgStatistics { StartNanoseconds = 7_000, InterfaceReceived = 100, OsDropped = 40, Comment = "why" }, statistics.Counters);
    }

    [Fact]
    public void A_flags_option_of_the_wrong_size_is_an_error_naming_the_frame()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkTypes.Ethernet);
        int offset = builder.Length;
        byte[] file = builder.Enhanced(0, 0, Frame, extraOptions: (2, new byte[2])).ToArray();

        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal($"frame 1 at offset {offset}: epb_flags option has 2 bytes, not 4", reader.Error!.Message);
    }

    [Fact]
    public void Statistics_for_an_interface_that_does_not_exist_are_an_error_after_the_frames_before_them()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkTypes.Ethernet).Enhanced(0, 0, Frame);
        int offset = builder.Length;
        byte[] file = builder.Block(PcapNgBuilder.InterfaceStatisticsType, [.. builder.U32(3), .. builder.U32(0), .. builder.U32(0)]).ToArray();

        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file));
        Assert.True(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal($"interface statistics block at offset {offset} (before frame 2): statistics for interface 3 but its section defines 1", reader.Error!.Message);
        Assert.Empty(reader.Statistics);
    }

    [Fact]
    public void A_statistics_counter_of_the_wrong_size_is_an_error()
    {
        var builder = new PcapNgBuilder().Section().Interface(LinkTypes.Ethernet);
        int offset = builder.Length;
        byte[] file = builder.Block(PcapNgBuilder.InterfaceStatisticsType, [.. builder.U32(0), .. builder.U32(0), .. builder.U32(0),
            .. Option(builder, 8, builder.U32(5)), .. builder.U32(0)]).ToArray();

        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal($"interface statistics block at offset {offset} (before frame 1): option 8 has 4 bytes, not 8", reader.Error!.Message);
    }

    private static byte[] Option(PcapNgBuilder builder, ushort code, byte[] value)
    {
        byte[] padded = new byte[(value.Length + 3) & ~3];
        value.CopyTo(padded, 0);
        return [.. builder.U16(code), .. builder.U16((ushort)value.Length), .. padded];
    }
}
