using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDrop.NetDm;
using NetDrop.Tests.Capture;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// Configuration, START/STOP and statistics messages of the real captures against dropwatch's "set",
/// "show" and "stats" output for the same session, and against Wireshark's decode.
/// </summary>
public class ConfigAndStatsVectorTests
{
    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Config_requests_are_dropwatchs_set_commands_in_order(string name)
    {
        CapturedNetDm capture = CapturedNetDm.Read(name);
        DropwatchLog log = DropwatchLog.Load(name);
        List<NetDmMessageSnapshot> requests = capture.Messages.Where(m => m.Is(NetDmCommand.Config, request: true)).ToList();

        // dropwatch sends one CONFIG per "set alertmode/trunc/queue", carrying just that setting.
        List<NetDmConfig> expected = log.Settings
            .Where(s => s.Name is "alertmode" or "trunc" or "queue")
            .Select(s => s.Name switch
            {
                "alertmode" => new NetDmConfig(Enum.Parse<NetDmAlertMode>(s.Value, ignoreCase: true), null, null),
                "trunc" => new NetDmConfig(null, uint.Parse(s.Value, CultureInfo.InvariantCulture), null),
                _ => new NetDmConfig(null, null, uint.Parse(s.Value, CultureInfo.InvariantCulture)),
            })
            .ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, requests.Select(r => r.Config));
        Assert.All(requests, r => Assert.False(r.AttributeError.IsError));

        // Each was acknowledged, which is when dropwatch prints "... successfully set".
        foreach (NetDmMessageSnapshot request in requests)
        {
            NetDmMessageSnapshot reply = capture.Messages.First(m => m.Frame > request.Frame && m.Sequence == request.Sequence);
            Assert.Equal(TrafficMessageKind.Ack, reply.Kind);
        }

        Assert.Equal(log.SuccessfullySet, requests.Count);
    }

    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Config_replies_are_what_dropwatch_showed(string name)
    {
        CapturedNetDm capture = CapturedNetDm.Read(name);
        IReadOnlyDictionary<int, IReadOnlyList<TsharkNetDmAttribute>> tshark = TsharkNetDm.Load(name);
        List<NetDmMessageSnapshot> replies = capture.Messages.Where(m => m.Is(NetDmCommand.ConfigNew, request: false)).ToList();
        List<DropwatchConfig> shown = DropwatchLog.Load(name).Shows;

        Assert.NotEmpty(shown);
        Assert.Equal(shown.Count, replies.Count);
        for (int i = 0; i < shown.Count; i++)
        {
            NetDmConfig config = replies[i].Config;
            Assert.Equal(Enum.Parse<NetDmAlertMode>(shown[i].AlertMode, ignoreCase: true), config.AlertMode);
            Assert.Equal(shown[i].TruncationLength, config.TruncationLength);
            Assert.Equal(shown[i].QueueLength, config.QueueLength);

            // Wireshark agrees: "Alert mode: Packet (1)", "Truncation length: 64", "Queue length: 100".
            IReadOnlyList<TsharkNetDmAttribute> attributes = tshark[replies[i].Frame];
            TsharkNetDmAttribute Attribute(NetDmAttr type) => attributes.Single(a => a.Type == (ushort)type);
            Assert.Equal((NetDmAlertMode)TsharkValues.LastParenthesized(Attribute(NetDmAttr.AlertMode).Value("Alert mode")), config.AlertMode);
            Assert.Equal(uint.Parse(Attribute(NetDmAttr.TruncLen).Value("Truncation length"), CultureInfo.InvariantCulture), config.TruncationLength);
            Assert.Equal(uint.Parse(Attribute(NetDmAttr.QueueLen).Value("Queue length"), CultureInfo.InvariantCulture), config.QueueLength);
            Assert.Equal(attributes.Select(a => a.Type).ToHashSet(), replies[i].PresentTypes);
        }
    }

    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Stats_replies_are_what_dropwatch_printed(string name)
    {
        CapturedNetDm capture = CapturedNetDm.Read(name);
        IReadOnlyDictionary<int, IReadOnlyList<TsharkNetDmAttribute>> tshark = TsharkNetDm.Load(name);
        List<NetDmMessageSnapshot> replies = capture.Messages.Where(m => m.Is(NetDmCommand.StatsNew, request: false)).ToList();
        List<DropwatchStats> printed = DropwatchLog.Load(name).Stats;

        Assert.NotEmpty(printed);
        Assert.Equal(printed.Count, replies.Count);
        for (int i = 0; i < printed.Count; i++)
        {
            Assert.Equal(new NetDmStats(printed[i].SoftwareTailDropped, printed[i].HardwareTailDropped), replies[i].Stats);

            // Wireshark: "Dropped: N" inside the Software (12) and Hardware (13) statistics nests.
            IReadOnlyList<TsharkNetDmAttribute> attributes = tshark[replies[i].Frame];
            ulong Dropped(NetDmAttr type) => ulong.Parse(attributes.Single(a => a.Type == (ushort)type).Value("Dropped"), CultureInfo.InvariantCulture);
            Assert.Equal(Dropped(NetDmAttr.Stats), replies[i].Stats.SoftwareDropped);
            Assert.Equal(Dropped(NetDmAttr.HwStats), replies[i].Stats.HardwareDropped);
        }
    }

    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Start_and_stop_carry_the_drop_kinds_dropwatch_was_set_to(string name)
    {
        CapturedNetDm capture = CapturedNetDm.Read(name);
        DropwatchLog log = DropwatchLog.Load(name);
        bool software = log.Settings.Any(s => s is { Name: "sw", Value: "true" });
        bool hardware = log.Settings.Any(s => s is { Name: "hw", Value: "true" });

        NetDmMessageSnapshot start = Assert.Single(capture.Messages, m => m.Is(NetDmCommand.Start, request: true));
        NetDmMessageSnapshot stop = Assert.Single(capture.Messages, m => m.Is(NetDmCommand.Stop, request: true));
        Assert.Single(log.Commands, c => c == "start");
        foreach (NetDmMessageSnapshot request in new[] { start, stop })
        {
            Assert.False(request.AttributeError.IsError);
            Assert.Equal(software, request.SwDrops);
            Assert.Equal(hardware, request.HwDrops);
        }
    }

    [Fact]
    public void The_swhw_session_sets_both_drop_kinds()
    {
        // Guards the theory above against a parser that never sees "set sw true".
        DropwatchLog log = DropwatchLog.Load("netdm-packet-swhw");
        Assert.Contains(new DropwatchSetting("sw", "true"), log.Settings);
        Assert.Contains(new DropwatchSetting("hw", "true"), log.Settings);
        NetDmMessageSnapshot start = CapturedNetDm.Read("netdm-packet-swhw").Messages.Single(m => m.Is(NetDmCommand.Start, request: true));
        Assert.True(start.SwDrops && start.HwDrops);
    }
}
