using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetDrop.CaptureFiles;
using NetDrop.Packet;
using NetDrop.Tests.Capture;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Cli;

/// <summary>`netdrop read` on packet captures: frames with their gaps and comments, statistics, totals, damage.</summary>
public sealed class FrameReadTests : IDisposable
{
    private const long Start = 1_765_000_000_123_456_789;

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-read-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Each_frame_is_a_line_with_its_gap_and_comment_then_statistics_and_totals()
    {
        ReadResult result = ReadCommand.Run(WriteCapture());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "    1 2025-12-06T05:46:40.123456789Z veth0 60 bytes: UDP 192.0.2.1:40000 > 192.0.2.2:40001",
                "    2 2025-12-06T05:46:40.123457789Z veth0 1500 bytes (96 captured): UDP 192.0.2.1:40000 > 192.0.2.2:40001 [40 frames lost before this one] # forty lost",
                "    3 2025-12-06T05:46:40.123458789Z veth0 60 bytes: UDP 192.0.2.1:40000 > 192.0.2.2:40001 [1 frame lost before this one]",
                "    4 2025-12-06T05:46:40.123459789Z wg0 28 bytes: UDP 192.0.2.1:40000 > 192.0.2.2:40001 # first",
                "Statistics for veth0: accepted by the filter 44, dropped by the kernel 41, delivered 3, from 2025-12-06T05:46:40.123456789Z to 2025-12-06T05:46:41.123456789Z # from PACKET_STATISTICS",
                "Statistics for wg0: delivered 1, from 2025-12-06T05:46:40.123459789Z to 2025-12-06T05:46:40.123459789Z",
            ],
            Lines(result.Output));
        Assert.Equal(["4 frames; 41 lost before them in 2 gaps (the largest, 40, before frame 2)."], Lines(result.Error));
    }

    [Fact]
    public void Json_has_an_object_per_frame_and_per_statistics_block()
    {
        ReadResult result = ReadCommand.Run(WriteCapture(), json: true);

        Assert.Equal(0, result.ExitCode);
        JsonElement[] objects = Lines(result.Output).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(6, objects.Length);
        JsonElement second = objects[1];
        Assert.Equal("frame", second.GetProperty("type").GetString());
        Assert.Equal(2, second.GetProperty("frame").GetInt32());
        Assert.Equal((Start + 1_000).ToString(System.Globalization.CultureInfo.InvariantCulture), second.GetProperty("time_ns").GetString());
        Assert.Equal("veth0", second.GetProperty("interface").GetString());
        Assert.Equal(1500, second.GetProperty("length").GetInt32());
        Assert.Equal(96, second.GetProperty("captured").GetInt32());
        Assert.Equal(40, second.GetProperty("lost_before").GetInt32());
        Assert.Equal("0x00000405", second.GetProperty("flags").GetString());
        Assert.Equal("inbound", second.GetProperty("direction").GetString());
        Assert.True(second.GetProperty("checksum_valid").GetBoolean());
        Assert.Equal("192.0.2.2", second.GetProperty("dst").GetString());
        Assert.Equal(40001, second.GetProperty("dport").GetInt32());
        Assert.Equal(["forty lost"], second.GetProperty("comments").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, objects[0].GetProperty("lost_before").GetInt32());
        Assert.False(objects[0].TryGetProperty("comments", out _));

        JsonElement statistics = objects[4];
        Assert.Equal("statistics", statistics.GetProperty("type").GetString());
        Assert.Equal("veth0", statistics.GetProperty("interface").GetString());
        Assert.Equal(44, statistics.GetProperty("filter_accepted").GetInt32());
        Assert.Equal(41, statistics.GetProperty("os_dropped").GetInt32());
        Assert.Equal(3, statistics.GetProperty("delivered").GetInt32());
        Assert.False(statistics.TryGetProperty("if_received", out _));
    }

    [Fact]
    public void A_truncated_file_prints_every_whole_frame_then_says_where_it_is_damaged()
    {
        byte[] whole = File.ReadAllBytes(WriteCapture());
        string cut = Path.Combine(_directory, "cut.pcapng");

        // Into the middle of frame 3.
        File.WriteAllBytes(cut, whole[..(whole.Length - 300)]);
        ReadResult result = ReadCommand.Run(cut);

        Assert.Equal(1, result.ExitCode);
        string[] lines = Lines(result.Output);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("    2 ", lines[1], StringComparison.Ordinal);
        string[] messages = Lines(result.Error);
        Assert.Equal("2 frames; 40 lost before them in 1 gap (the largest, 40, before frame 2).", messages[0]);
        Assert.StartsWith($"netdrop read: {cut}: frame 3 at offset ", messages[1], StringComparison.Ordinal);
        Assert.Contains("(file truncated). Every frame before it is printed above.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_binary_reads_a_drop_file()
    {
        string path = Path.Combine(_directory, "drops.pcapng");
        using (DropCaptureWriter writer = DropCaptureWriter.Create(path))
        {
            writer.Write(Watch.SampleDrops.NftIPv6);
        }

        (int exit, NetdropProcess run) = NetdropProcess.Run(TimeSpan.FromSeconds(60), "read", path);
        using (run)
        {
            Assert.True(exit == 0, run.Transcript);
            Assert.Equal(
                [
                    "    1 2026-11-22T01:51:22.000000000Z unreported 0 bytes: no packet bytes # NETFILTER_DROP: dropped by netfilter; at nft_do_chain+0x47f/0x5e0 [nf_tables]; software drop; protocol IPv6 (0x86dd); no packet bytes: the skb:kfree_skb tracepoint records none (the BPF source does); seen by the skb:kfree_skb tracepoint",
                    "Statistics for unreported: delivered 1, from 2026-11-22T01:51:22.000000000Z to 2026-11-22T01:51:22.000000000Z",
                ],
                run.Stdout);
            Assert.Equal(["1 frame; 0 lost before them in 0 gaps."], run.Stderr);
        }
    }

    private string WriteCapture()
    {
        string path = Path.Combine(_directory, "capture.pcapng");
        var flags = PcapNgPacketFlags.FromPacketSocket(TpStatus.User | TpStatus.CsumValid, PacketType.Host);
        using PcapNgWriter writer = PcapNgWriter.Create(path);
        int eth = writer.AddInterface("veth0", LinkTypes.Ethernet, snapLength: 96);
        int raw = writer.AddInterface("wg0", LinkTypes.Raw);
        writer.WritePacket(eth, Start, NetDrop.Tests.Frames.TestFrames.TestFrame(60), 60);
        writer.WritePacket(eth, Start + 1_000, NetDrop.Tests.Frames.TestFrames.TestFrame(1500), 1500, dropCount: 40, flags: flags, comment: "forty lost");
        writer.WritePacket(eth, Start + 2_000, NetDrop.Tests.Frames.TestFrames.TestFrame(60), 60, dropCount: 1);
        writer.WritePacket(raw, Start + 3_000, NetDrop.Tests.Frames.TestFrames.TestFrame(42)[14..], comment: "first");
        writer.WriteStatistics(eth, new PcapNgStatistics
        {
            StartNanoseconds = Start,
            EndNanoseconds = Start + 1_000_000_000,
            FilterAccepted = 44,
            OsDropped = 41,
            UserDelivered = 3,
            Comment = "from PACKET_STATISTICS",
        });
        return path;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
