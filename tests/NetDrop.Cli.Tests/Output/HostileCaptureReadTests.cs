using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NetDrop.CaptureFiles;
using NetDrop.Tests.Capture;
using NetDrop.Tests.Cli;

namespace NetDrop.Tests.Output;

/// <summary>
/// `netdrop read` on a capture file crafted by someone else: interface names and comments that hold
/// terminal escape sequences, an 8-bit CSI, a right-to-left override and a carriage return reach
/// neither the text nor the JSON output raw, and JSON still carries the exact value.
/// </summary>
public sealed class HostileCaptureReadTests : IDisposable
{
    private const long Start = 1_765_000_000_123_456_789;

    private static readonly string Name = "e" + HostileStrings.Sequences;
    private static readonly string Comment = "c" + HostileStrings.Sequences;

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-hostile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Text_output_escapes_names_and_comments()
    {
        ReadResult result = ReadCommand.Run(WriteCapture());

        Assert.Equal(0, result.ExitCode);
        AssertNoRawSequence(result.Output);
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("1 frame; 0 lost before them in 0 gaps.", result.Error.TrimEnd());
        Assert.Contains(" e" + TerminalText.Escape(HostileStrings.Sequences) + " 60 bytes", lines[0], StringComparison.Ordinal);
        Assert.Contains(" # c" + TerminalText.Escape(HostileStrings.Sequences.ReplaceLineEndings(" ")), lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Statistics for e" + TerminalText.Escape(HostileStrings.Sequences), lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_is_valid_and_escapes_every_one_of_them()
    {
        ReadResult result = ReadCommand.Run(WriteCapture(), json: true);

        Assert.Equal(0, result.ExitCode);
        AssertNoRawSequence(result.Output);
        JsonElement[] objects = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(Name, objects[0].GetProperty("interface").GetString());
        Assert.Equal(Comment, objects[0].GetProperty("comments")[0].GetString());
        Assert.Equal(Comment, objects[1].GetProperty("comment").GetString());
    }

    private static void AssertNoRawSequence(string output)
    {
        // Newlines are the output's own: one per line; none is left inside a line.
        Assert.Equal(-1, output.Replace("\n", "", StringComparison.Ordinal).IndexOfAny(HostileStrings.Forbidden));
        byte[] bytes = Encoding.UTF8.GetBytes(output);
        Assert.DoesNotContain((byte)0x1b, bytes);
        Assert.DoesNotContain((byte)0x07, bytes);
        Assert.DoesNotContain((byte)0x0d, bytes);
    }

    private string WriteCapture()
    {
        string path = Path.Combine(_directory, "hostile.pcapng");
        using (PcapNgWriter writer = PcapNgWriter.Create(path))
        {
            int eth = writer.AddInterface(Name, LinkTypes.Ethernet);
            writer.WritePacket(eth, Start, NetDrop.Tests.Frames.TestFrames.TestFrame(60), 60, comment: Comment);
            writer.WriteStatistics(eth, new PcapNgStatistics { UserDelivered = 1, Comment = Comment });
        }

        return path;
    }
}
