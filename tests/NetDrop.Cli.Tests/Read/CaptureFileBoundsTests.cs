using System;
using System.IO;
using System.Linq;
using System.Text;
using NetDrop.CaptureFiles;
using NetDrop.Tests.Cli;

namespace NetDrop.Tests.Capture;

/// <summary>
/// What a capture file can make the reader keep (docs/capture.md, "Bounds"): interface and statistics blocks
/// outlive their block, so their number and their texts are capped (the memory a 200 MB file leaves held
/// is measured in <see cref="CaptureFileMemoryTests"/>).
/// </summary>
public class CaptureFileBoundsTests
{
    private const ushort Ethernet = 1;

    [Fact]
    public void Read_says_how_many_statistics_blocks_it_did_not_keep()
    {
        var file = new PcapNgBuilder().Section();
        file.Block(PcapNgBuilder.InterfaceDescriptionType, [.. file.U16(Ethernet), .. file.U16(0), .. file.U32(0)]);
        byte[] block = PcapNgBuilder.StatisticsBlock(file, "");
        for (int i = 0; i < CaptureFileReader.MaxKeptStatistics + 500; i++)
        {
            file.Raw(block);
        }

        ReadResult text = ReadCommand.Run(file.ToArray());
        ReadResult json = ReadCommand.Run(file.ToArray(), json: true);

        Assert.Equal(0, text.ExitCode);
        Assert.Equal("500 earlier interface statistics blocks were not kept: only the last 1024 are.", text.Lines[0]);
        Assert.Equal(1024, text.Lines.Count(l => l.StartsWith("Statistics for if0:", StringComparison.Ordinal)));
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(1024, json.Lines.Length);
        Assert.Equal("500 earlier interface statistics blocks were not kept: only the last 1024 are." + Environment.NewLine, json.Error);
    }

    [Theory]
    [InlineData(4096, true)]
    [InlineData(4097, false)]
    public void A_file_describes_at_most_4096_interfaces_over_all_its_sections(int interfaces, bool accepted)
    {
        // Two interfaces per section, so the limit is over the file, not one section.
        var file = new PcapNgBuilder();
        for (int i = 0; i < interfaces; i++)
        {
            if (i % 2 == 0)
            {
                file.Section();
            }

            file.Interface(Ethernet);
        }

        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file.ToArray()));
        while (reader.TryReadNext(out _))
        {
        }

        if (accepted)
        {
            Assert.Null(reader.Error);
            Assert.Equal(interfaces, reader.Interfaces.Count);
            return;
        }

        Assert.Equal(CaptureFileReader.MaxInterfaces, reader.Interfaces.Count);
        Assert.NotNull(reader.Error);
        Assert.EndsWith("(before frame 1): the file describes more than 4096 interfaces, the most NetDrop reads", reader.Error.Message);
        Assert.StartsWith("interface description block at offset ", reader.Error.Message);
    }

    [Fact]
    public void Interface_texts_are_cut_at_1024_bytes_on_a_character_boundary()
    {
        // 'é' is two bytes: 1,024 bytes hold 512 of them; the 'x' first makes the cut fall inside one.
        string name = "x" + new string('é', 3000);
        var file = new PcapNgBuilder().Section();
        file.Block(PcapNgBuilder.InterfaceDescriptionType,
            [.. file.U16(Ethernet), .. file.U16(0), .. file.U32(0), .. file.Options((2, Encoding.UTF8.GetBytes(name)), (3, Encoding.UTF8.GetBytes("short")))]);

        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file.ToArray()));
        while (reader.TryReadNext(out _))
        {
        }

        Assert.Equal("x" + new string('é', 511) + "…", reader.Interfaces[0].Name);
        Assert.Equal("short", reader.Interfaces[0].Description);
    }

    [Fact]
    public void Interface_texts_that_are_not_utf8_are_cut_at_1024_bytes_too()
    {
        // Found by the capture fuzz target: every byte that is not UTF-8 decodes to one U+FFFD, which is three
        // bytes again if the text were re-encoded; what is held is still at most 1,024 characters and the ellipsis.
        byte[] name = Enumerable.Repeat((byte)0xFF, 4000).ToArray();
        var file = new PcapNgBuilder().Section();
        file.Block(PcapNgBuilder.InterfaceDescriptionType,
            [.. file.U16(Ethernet), .. file.U16(0), .. file.U32(0), .. file.Options((2, name))]);

        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file.ToArray()));
        while (reader.TryReadNext(out _))
        {
        }

        Assert.Equal(new string('\uFFFD', CaptureFileReader.MaxKeptTextBytes) + "…", reader.Interfaces[0].Name);
    }

    [Theory]
    [InlineData(327_680, true)]
    [InlineData(327_684, false)]
    public void A_block_that_is_read_whole_is_at_most_320_KiB(int blockLength, bool accepted)
    {
        // A statistics block filled by five comments (an option holds at most 65,535 bytes): 12 bytes of block
        // framing, 12 of header, 4 for the end of options, and each comment's 4-byte option header.
        var file = new PcapNgBuilder().Section();
        file.Block(PcapNgBuilder.InterfaceDescriptionType, [.. file.U16(Ethernet), .. file.U16(0), .. file.U32(0)]);
        long offset = file.Length;
        byte[] full = new byte[65_532];
        byte[] last = new byte[blockLength - 28 - (4 * (4 + full.Length)) - 4];
        Array.Fill(full, (byte)'c');
        Array.Fill(last, (byte)'c');
        file.Block(PcapNgBuilder.InterfaceStatisticsType,
            [.. file.U32(0), .. file.U32(0), .. file.U32(1_000), .. file.Options((1, full), (1, full), (1, full), (1, full), (1, last))]);
        Assert.Equal(offset + blockLength, file.Length);

        using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file.ToArray()));
        while (reader.TryReadNext(out _))
        {
        }

        if (accepted)
        {
            Assert.Null(reader.Error);
            Assert.Single(reader.Statistics);
            return;
        }

        Assert.Equal($"interface statistics block at offset {offset} (before frame 1): block length {blockLength} is more than the 327680-byte limit (corrupt length)", reader.Error?.Message);
    }
}
