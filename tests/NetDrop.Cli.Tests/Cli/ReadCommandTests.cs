using NetDrop.Netlink.Generic;
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetDrop.CaptureFiles;
using NetDrop.NetDm;
using NetDrop.Netlink;
using NetDrop.Netlink.Control;
using NetDrop.Tests.Capture;
using NetDrop.Tests.NetDm;

namespace NetDrop.Tests.Cli;

/// <summary>`netdrop read` on the real captures, intact and damaged.</summary>
public class ReadCommandTests
{
    /// <summary>The kernel's NET_DM_CMD_* names, which the CLI prints.</summary>
    private static readonly Dictionary<NetDmCommand, string> KernelCommandNames = new()
    {
        [NetDmCommand.Alert] = "ALERT",
        [NetDmCommand.Config] = "CONFIG",
        [NetDmCommand.Start] = "START",
        [NetDmCommand.Stop] = "STOP",
        [NetDmCommand.PacketAlert] = "PACKET_ALERT",
        [NetDmCommand.ConfigGet] = "CONFIG_GET",
        [NetDmCommand.ConfigNew] = "CONFIG_NEW",
        [NetDmCommand.StatsGet] = "STATS_GET",
        [NetDmCommand.StatsNew] = "STATS_NEW",
    };

    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Text_has_one_line_per_message_in_frame_order(string name)
    {
        CapturedNetDm capture = CapturedNetDm.Read(name);
        ReadResult result = ReadCommand.Run(TestCaptures.PcapPath(name));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(capture.Frames.Count, result.Lines.Length);
        Assert.Equal(capture.Messages.Select(m => m.Frame), result.Lines.Select(FrameOf));
        Assert.DoesNotContain(result.Lines, line => line.Contains(" !", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("netdm-packet")]
    [InlineData("netdm-packet-swhw")]
    public void Text_of_packet_alerts_shows_what_wireshark_decoded(string name)
    {
        IReadOnlyDictionary<int, IReadOnlyList<TsharkNetDmAttribute>> tshark = TsharkNetDm.Load(name);
        string[] lines = ReadCommand.Run(TestCaptures.PcapPath(name)).Lines;
        int checkedAlerts = 0;
        foreach (NetDmMessageSnapshot alert in CapturedNetDm.Read(name).PacketAlerts)
        {
            string line = Assert.Single(lines, l => FrameOf(l) == alert.Frame);
            IReadOnlyList<TsharkNetDmAttribute> attributes = tshark[alert.Frame];
            string Value(NetDmAttr type, string key) => attributes.Single(a => a.Type == (ushort)type).Value(key);

            Assert.Contains(" NET_DM PACKET_ALERT ", line, StringComparison.Ordinal);
            Assert.Contains(Field("pc", string.Create(CultureInfo.InvariantCulture, $"0x{TsharkValues.Hex(Value(NetDmAttr.Pc, "Program counter")):x16}")), line, StringComparison.Ordinal);

            // A value with a space ("nft_do_chain+0x47f/0x5e0 [nf_tables]") is quoted.
            string symbol = Value(NetDmAttr.Symbol, "Symbol");
            Assert.Contains(Field("symbol", symbol.Contains(' ', StringComparison.Ordinal) ? "\"" + symbol + "\"" : symbol), line, StringComparison.Ordinal);
            Assert.Contains(Field("reason", TsharkValues.NulTerminatedString(Value(NetDmAttr.Reason, "Data"))), line, StringComparison.Ordinal);
            Assert.Contains(Field("in_ifindex", Value(NetDmAttr.InPort, "Port net device index")), line, StringComparison.Ordinal);
            Assert.Contains(Field("orig_len", Value(NetDmAttr.OrigLen, "Original length")), line, StringComparison.Ordinal);
            checkedAlerts++;
        }

        Assert.True(checkedAlerts > 0);
    }

    [Fact]
    public void Text_of_summary_alerts_shows_dropwatchs_drop_points_in_order()
    {
        string text = string.Join('\n', ReadCommand.Run(TestCaptures.PcapPath("netdm-summary")).Lines.Where(l => l.Contains(" NET_DM ALERT ", StringComparison.Ordinal)));
        int from = 0;
        foreach (DropwatchSummaryDrop drop in DropwatchLog.Load("netdm-summary").SummaryDrops)
        {
            string point = string.Create(CultureInfo.InvariantCulture, $" {drop.Count} at 0x{drop.ProgramCounter:x16}");
            int at = text.IndexOf(point, from, StringComparison.Ordinal);
            Assert.True(at >= 0, $"\"{point}\" not found after offset {from} in:\n{text}");
            from = at + point.Length;
        }
    }

    [Fact]
    public void Kallsyms_names_the_summary_points_module_symbols_included()
    {
        string kallsyms = Path.Combine(Path.GetTempPath(), "netdrop-test-" + Path.GetRandomFileName() + ".kallsyms");
        File.WriteAllText(kallsyms, PacketCaptureKallsyms.Build());
        try
        {
            ReadResult result = ReadCommand.Run(TestCaptures.PcapPath("netdm-summary"), kallsyms: kallsyms);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("(nft_do_chain+0x47f [nf_tables])", result.Output, StringComparison.Ordinal);
            Assert.Contains("(__udp4_lib_rcv+0x9a2)", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kallsyms);
        }
    }

    [Fact]
    public void Without_kernel_addresses_summary_points_are_named_never_located()
    {
        string kallsyms = Path.Combine(Path.GetTempPath(), "netdrop-test-" + Path.GetRandomFileName() + ".kallsyms");
        File.WriteAllText(kallsyms, PacketCaptureKallsyms.Build());
        try
        {
            string path = TestCaptures.PcapPath("netdm-summary");
            ReadResult plain = ReadCommand.Run(path, kernelAddresses: false);
            ReadResult named = ReadCommand.Run(path, kallsyms: kallsyms, kernelAddresses: false);
            ReadResult json = ReadCommand.Run(path, json: true, kernelAddresses: false);

            Assert.Equal(0, plain.ExitCode);
            foreach (ReadResult result in new[] { plain, named, json })
            {
                Assert.DoesNotMatch("0x[0-9a-f]{16}", result.Output);
                Assert.DoesNotContain("\"pc\"", result.Output, StringComparison.Ordinal);
            }

            Assert.Contains(" at unknown", plain.Output, StringComparison.Ordinal);
            Assert.Contains(" at nft_do_chain+0x47f [nf_tables]", named.Output, StringComparison.Ordinal);
            Assert.Contains(" at __udp4_lib_rcv+0x9a2", named.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kallsyms);
        }
    }

    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Json_lines_parse_and_agree_with_the_decoder(string name)
    {
        CapturedNetDm capture = CapturedNetDm.Read(name);
        ReadResult result = ReadCommand.Run(TestCaptures.PcapPath(name), json: true);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(capture.Messages.Count, result.Lines.Length);
        for (int i = 0; i < result.Lines.Length; i++)
        {
            NetDmMessageSnapshot expected = capture.Messages[i];
            using JsonDocument document = JsonDocument.Parse(result.Lines[i], new JsonDocumentOptions { AllowDuplicateProperties = false });
            JsonElement json = document.RootElement;
            Assert.Equal(expected.Frame, json.GetProperty("frame").GetInt32());
            Assert.Equal(capture.Frames[expected.Frame - 1].TimestampNanoseconds, IsoNanoseconds(json.GetProperty("time").GetString()!));
            Assert.Equal(expected.IsRequest ? "user-to-kernel" : "kernel-to-user", json.GetProperty("direction").GetString());
            Assert.False(json.TryGetProperty("problem", out _));
            if (!expected.IsNetDm)
            {
                continue;
            }

            Assert.Equal("NET_DM", json.GetProperty("family").GetString());
            Assert.Equal(KernelCommandNames[expected.Command], json.GetProperty("command").GetString());
            if (expected.PacketAlert is { } alert)
            {
                Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"0x{alert.ProgramCounter:x16}"), json.GetProperty("pc").GetString());
                Assert.Equal(alert.ReasonName, json.GetProperty("reason").GetString());
                Assert.Equal(alert.Symbol, json.GetProperty("symbol").GetString());
                Assert.Equal(alert.TimestampNanoseconds, ulong.Parse(json.GetProperty("timestamp_ns").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(IsoNanoseconds(json.GetProperty("timestamp").GetString()!), (long)alert.TimestampNanoseconds!.Value);
                Assert.Equal(alert.Payload.Length, json.GetProperty("payload_len").GetInt32());
                Assert.Equal(Convert.ToHexStringLower(alert.Payload), json.GetProperty("payload").GetString());
            }

            if (expected.SummaryPoints is { } points)
            {
                JsonElement[] printed = json.GetProperty("points").EnumerateArray().ToArray();
                Assert.Equal(points.Length, printed.Length);
                for (int p = 0; p < points.Length; p++)
                {
                    Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"0x{points[p].ProgramCounter:x16}"), printed[p].GetProperty("pc").GetString());
                    Assert.Equal(points[p].Count, printed[p].GetProperty("count").GetUInt32());
                }
            }
        }
    }

    [Fact]
    public void A_file_cut_in_the_middle_of_a_frame_prints_every_frame_before_it_and_names_the_frame_and_offset()
    {
        byte[] file = TestCaptures.PcapBytes("netdm-packet");
        List<long> records = PcapBytes.RecordOffsets(file);
        int frames = records.Count - 1;
        int cutFrame = (frames / 2) + 1;
        long recordAt = records[cutFrame - 1];
        long dataLength = records[cutFrame] - recordAt - PcapBytes.RecordHeaderSize;
        byte[] truncated = file.AsSpan(0, (int)(recordAt + PcapBytes.RecordHeaderSize + (dataLength / 2))).ToArray();

        foreach (bool json in new[] { false, true })
        {
            ReadResult result = ReadCommand.Run(truncated, json);
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(cutFrame - 1, result.Lines.Length);
            Assert.Equal(cutFrame - 1, json ? JsonFrameOf(result.Lines[^1]) : FrameOf(result.Lines[^1]));
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"frame {cutFrame} at offset {recordAt}"), result.Error, StringComparison.Ordinal);
            Assert.Contains("truncated", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_corrupt_attribute_length_is_reported_on_its_message_and_later_frames_still_print()
    {
        const string name = "netdm-packet";
        CapturedNetDm capture = CapturedNetDm.Read(name);
        int frame = capture.PacketAlerts.First().Frame;
        int attributeAt = SymbolAttributeOffset(capture.Frames[frame - 1].Data);

        // nla_len is the attribute's first two bytes; 0xffff runs far past the end of the message.
        byte[] file = TestCaptures.PcapBytes(name);
        int fileOffset = checked((int)PcapBytes.RecordOffsets(file)[frame - 1] + PcapBytes.RecordHeaderSize + attributeAt);
        file[fileOffset] = 0xff;
        file[fileOffset + 1] = 0xff;

        ReadResult text = ReadCommand.Run(file);
        Assert.Equal(1, text.ExitCode);
        Assert.Equal(capture.Messages.Select(m => m.Frame), text.Lines.Select(FrameOf));
        string damaged = Assert.Single(text.Lines, l => FrameOf(l) == frame);
        string problem = damaged[damaged.IndexOf(" !", StringComparison.Ordinal)..];
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"at offset {attributeAt}"), problem, StringComparison.Ordinal);
        Assert.Contains("65535", problem, StringComparison.Ordinal);

        // What came before the bad attribute is still shown.
        Assert.Contains(" pc=0x", damaged, StringComparison.Ordinal);
        Assert.Single(text.Lines, l => l.Contains(" !", StringComparison.Ordinal));

        ReadResult json = ReadCommand.Run(file, json: true);
        Assert.Equal(1, json.ExitCode);
        string jsonLine = Assert.Single(json.Lines, l => JsonFrameOf(l) == frame);
        using JsonDocument document = JsonDocument.Parse(jsonLine);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"at offset {attributeAt}"), document.RootElement.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(capture.Messages.Count, json.Lines.Length);
    }

    [Fact]
    public void A_corrupt_message_length_names_the_frame_and_the_offset_in_it()
    {
        const string name = "netdm-packet";
        CapturedNetDm capture = CapturedNetDm.Read(name);
        int frame = capture.PacketAlerts.First().Frame;
        byte[] file = TestCaptures.PcapBytes(name);
        int messageAt = checked((int)PcapBytes.RecordOffsets(file)[frame - 1] + PcapBytes.RecordHeaderSize + NetlinkCookedHeader.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(messageAt), 0xffff);

        ReadResult result = ReadCommand.Run(file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(capture.Messages.Select(m => m.Frame).Where(f => f != frame), result.Lines.Select(FrameOf));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"frame {frame}: "), result.Error, StringComparison.Ordinal);
        Assert.Contains("says length 65535", result.Error, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"offset {NetlinkCookedHeader.Size} in the frame"), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_2_and_says_what_to_give()
    {
        string path = Path.Combine(Path.GetTempPath(), "netdrop-test-" + Path.GetRandomFileName() + ".pcap");
        ReadResult result = ReadCommand.Run(path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
        Assert.Contains("no such file", result.Error, StringComparison.Ordinal);
        Assert.Contains(".pcap", result.Error, StringComparison.Ordinal);
        Assert.Contains("nlmon", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_exits_2_naming_eisdir()
    {
        string directory = Directory.CreateTempSubdirectory("netdrop-read-").FullName;
        try
        {
            ReadResult result = ReadCommand.Run(directory);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(string.Empty, result.Output);
            Assert.Equal($"netdrop read: cannot read {directory}: it is a directory (EISDIR); give a file", result.Error.TrimEnd());
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public void A_device_exits_2_and_is_not_read()
    {
        ReadResult result = ReadCommand.Run("/dev/zero");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("netdrop read: will not read /dev/zero: it is a character device, and NetDrop reads regular files only", result.Error.TrimEnd());
    }

    [Fact]
    public void A_missing_kallsyms_file_exits_2()
    {
        string kallsyms = Path.Combine(Path.GetTempPath(), "netdrop-test-" + Path.GetRandomFileName());
        ReadResult result = ReadCommand.Run(TestCaptures.PcapPath("netdm-summary"), kallsyms: kallsyms);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(kallsyms, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capture_of_another_link_type_is_refused_naming_the_frame()
    {
        // A NET_DM capture (its first interface is netlink) with an Ethernet interface in it too.
        byte[] ethernet = new byte[60];
        ethernet[12] = 0x08; // EtherType IPv4
        var builder = new NetDrop.Tests.Capture.PcapNgBuilder().Section().Interface(LinkTypes.Netlink).Interface(LinkTypes.Ethernet);
        int offset = builder.Length;
        byte[] file = builder.Enhanced(1, 0, ethernet).ToArray();

        ReadResult result = ReadCommand.Run(file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"frame 1 at offset {offset}"), result.Error, StringComparison.Ordinal);
        Assert.Contains("link type 1 ", result.Error, StringComparison.Ordinal);
        Assert.Contains("nlmon", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capture_of_packets_is_read_frame_by_frame()
    {
        byte[] ethernet = new byte[60];
        ethernet[12] = 0x08; // EtherType IPv4, the rest zeros: an IPv4 header too short to read
        byte[] file = PcapFile.Build(LinkTypes.Ethernet, new[] { ethernet });

        ReadResult result = ReadCommand.Run(file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1 frame; 0 lost before them in 0 gaps.", result.Error.TrimEnd());
        Assert.Single(result.Lines);
        Assert.Matches(@"^    1 \S+Z if0 60 bytes: IPv4 ", result.Lines[0]);
    }

    [Fact]
    public void Control_characters_from_a_damaged_string_stay_on_the_messages_line()
    {
        // A newline inside a symbol used to split the message over two lines of text.
        const string name = "netdm-packet";
        CapturedNetDm capture = CapturedNetDm.Read(name);
        int frame = capture.PacketAlerts.First().Frame;
        int symbolAt = SymbolAttributeOffset(capture.Frames[frame - 1].Data) + NetlinkAttribute.HeaderSize;
        byte[] file = TestCaptures.PcapBytes(name);
        int fileOffset = checked((int)PcapBytes.RecordOffsets(file)[frame - 1] + PcapBytes.RecordHeaderSize + symbolAt);
        file[fileOffset + 2] = (byte)'\n';
        file[fileOffset + 3] = (byte)'"';

        ReadResult text = ReadCommand.Run(file);
        Assert.Equal(0, text.ExitCode);
        Assert.Equal(capture.Messages.Select(m => m.Frame), text.Lines.Select(FrameOf));
        string line = Assert.Single(text.Lines, l => FrameOf(l) == frame);
        Assert.Contains("symbol=\"__\\x0a\\\"", line, StringComparison.Ordinal);

        ReadResult json = ReadCommand.Run(file, json: true);
        Assert.Equal(capture.Messages.Count, json.Lines.Length);
        using JsonDocument document = JsonDocument.Parse(json.Lines.Single(l => JsonFrameOf(l) == frame));
        Assert.StartsWith("__\n\"", document.RootElement.GetProperty("symbol").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Several_problems_of_one_message_are_one_json_field()
    {
        // An attribute type this NetDrop does not know, and a PC of the wrong size: two problems, one
        // "problem" field, because a repeated JSON name would leave jq only the last.
        const ushort familyId = 0x20;
        byte[] buffer = new byte[128];
        var writer = new NetlinkWriter(buffer);
        int message = writer.BeginMessage(familyId, NetlinkMessageFlags.None, 0);
        writer.WriteGenericHeader((byte)NetDmCommand.PacketAlert, NetDmFamily.Version);
        writer.PutU32(99, 1);
        writer.PutU32((ushort)NetDmAttr.Pc, 5);
        int length = writer.EndMessage(message);
        byte[] file = PcapFile.Build(LinkTypes.Netlink, new[] { CookedFrame.Wrap(buffer.AsSpan(0, length)) });

        ReadResult json = ReadCommand.Run(file, json: true, familyId: familyId);

        Assert.Equal(1, json.ExitCode);
        using JsonDocument document = JsonDocument.Parse(Assert.Single(json.Lines), new JsonDocumentOptions { AllowDuplicateProperties = false });
        string problem = document.RootElement.GetProperty("problem").GetString()!;
        Assert.Contains("first of type 99", problem, StringComparison.Ordinal);
        Assert.Contains("attribute type 2 at offset 44 has a 4-byte payload, expected 8", problem, StringComparison.Ordinal);
        Assert.False(document.RootElement.TryGetProperty("pc", out _));
    }

    [Fact]
    public void A_timestamp_past_2262_is_kept_as_a_number_and_flagged()
    {
        // Only a damaged message can carry one; it must not turn into a negative time.
        const ushort familyId = 0x20;
        byte[] buffer = new byte[128];
        var writer = new NetlinkWriter(buffer);
        int message = writer.BeginMessage(familyId, NetlinkMessageFlags.None, 0);
        writer.WriteGenericHeader((byte)NetDmCommand.PacketAlert, NetDmFamily.Version);
        NetDmAttributeWriter.PutTimestamp(ref writer, ulong.MaxValue);
        int length = writer.EndMessage(message);
        byte[] file = PcapFile.Build(LinkTypes.Netlink, new[] { CookedFrame.Wrap(buffer.AsSpan(0, length)) });

        ReadResult json = ReadCommand.Run(file, json: true, familyId: familyId);

        using JsonDocument document = JsonDocument.Parse(Assert.Single(json.Lines));
        Assert.Equal(ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), document.RootElement.GetProperty("timestamp_ns").GetString());
        Assert.False(document.RootElement.TryGetProperty("timestamp", out _));
        Assert.Contains("past the year 2262", document.RootElement.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_multicast_group_listed_twice_is_a_problem_not_a_repeated_field()
    {
        // Only a damaged reply lists a group twice; a repeated JSON name would hide the first from jq.
        byte[] buffer = new byte[256];
        var writer = new NetlinkWriter(buffer);
        int message = writer.BeginMessage(NetDmTrafficDecoder.ControllerFamilyId, NetlinkMessageFlags.None, 1);
        writer.WriteGenericHeader((byte)NlctrlCommand.GetfamilyReply, 2);
        NlctrlCtrlAttributeWriter.PutFamilyName(ref writer, "NET_DM");
        NlctrlCtrlAttributeWriter.PutFamilyId(ref writer, 0x20);
        int groups = NlctrlCtrlAttributeWriter.BeginMcastGroups(ref writer);
        for (ushort index = 1; index <= 2; index++)
        {
            int group = writer.BeginNested(index);
            NlctrlMcastGroupAttributeWriter.PutName(ref writer, "events\n");
            NlctrlMcastGroupAttributeWriter.PutId(ref writer, index);
            writer.EndNested(group);
        }

        writer.EndNested(groups);
        int length = writer.EndMessage(message);
        byte[] file = PcapFile.Build(LinkTypes.Netlink, new[] { CookedFrame.Wrap(buffer.AsSpan(0, length)) });

        ReadResult json = ReadCommand.Run(file, json: true);
        Assert.Equal(0, json.ExitCode);
        using JsonDocument document = JsonDocument.Parse(Assert.Single(json.Lines), new JsonDocumentOptions { AllowDuplicateProperties = false });
        Assert.Equal(1, document.RootElement.GetProperty("mcast_group_events\n").GetInt32());
        Assert.Contains("listed again, with id 2", document.RootElement.GetProperty("problem").GetString(), StringComparison.Ordinal);

        ReadResult text = ReadCommand.Run(file);
        string line = Assert.Single(text.Lines);
        Assert.Contains(" mcast_group_events\\x0a=1 ", line, StringComparison.Ordinal);
        Assert.Contains("!multicast group \"events\\x0a\" listed again, with id 2", line, StringComparison.Ordinal);
    }

    /// <summary>Offset in the frame (cooked header included) of the first PACKET_ALERT's SYMBOL attribute.</summary>
    private static int SymbolAttributeOffset(byte[] frame)
    {
        int attributesAt = NetlinkCookedHeader.Size + NetlinkMessageHeader.Size + GenericNetlinkHeader.Size;
        var reader = new NetlinkAttributeReader(frame.AsSpan(attributesAt), attributesAt);
        while (reader.TryReadNext(out NetlinkAttribute attribute))
        {
            if (attribute.Type == (ushort)NetDmAttr.Symbol)
            {
                return attribute.Offset;
            }
        }

        throw new InvalidOperationException("no SYMBOL attribute");
    }

    /// <summary>The frame number that starts a text line ("   14 2026-11-22 …").</summary>
    private static int FrameOf(string line) =>
        int.Parse(line.AsSpan().TrimStart()[..line.AsSpan().TrimStart().IndexOf(' ')], NumberStyles.None, CultureInfo.InvariantCulture);

    private static int JsonFrameOf(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("frame").GetInt32();
    }

    private static string Field(string name, string value) => " " + name + "=" + value + " ";

    /// <summary>"2026-11-22T01:51:21.656854200Z" → Unix nanoseconds, exactly.</summary>
    private static long IsoNanoseconds(string iso)
    {
        int dot = iso.IndexOf('.', StringComparison.Ordinal);
        DateTime seconds = DateTime.ParseExact(iso[..dot], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Assert.EndsWith("Z", iso, StringComparison.Ordinal);
        return (long)TsharkValues.UnixSeconds(seconds) * 1_000_000_000 + long.Parse(iso[(dot + 1)..^1], CultureInfo.InvariantCulture);
    }
}
