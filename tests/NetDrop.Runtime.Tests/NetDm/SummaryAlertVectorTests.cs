using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDrop.Kernel;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Tests.NetDm;

/// <summary>Summary-mode alerts of the real capture against dropwatch, and the legacy struct's edge cases.</summary>
public class SummaryAlertVectorTests
{
    private const ushort FamilyId = 0x20;

    [Fact]
    public void Drop_points_agree_with_dropwatch_in_order()
    {
        CapturedNetDm capture = CapturedNetDm.Read("netdm-summary");
        List<NetDmMessageSnapshot> alerts = capture.Messages.Where(m => m.Is(NetDmCommand.Alert, request: false)).ToList();
        List<DropwatchSummaryDrop> expected = DropwatchLog.Load("netdm-summary").SummaryDrops;

        Assert.NotEmpty(alerts);
        Assert.NotEmpty(expected);
        foreach (NetDmMessageSnapshot alert in alerts)
        {
            Assert.Null(alert.SummaryProblem);
            Assert.False(alert.AttributeError.IsError);
            Assert.Equal((uint)alert.SummaryPoints!.Length, alert.SummaryDeclaredEntries);
        }

        Assert.Equal(
            expected.Select(d => (d.Count, d.ProgramCounter)),
            alerts.SelectMany(a => a.SummaryPoints!).Select(p => (p.Count, p.ProgramCounter)));
        Assert.All(expected, d => Assert.Equal("software", d.Origin));
    }

    [Fact]
    public void Drop_points_resolve_with_kallsyms_where_dropwatch_did_and_better_where_it_did_not()
    {
        KernelSymbols symbols = KernelSymbols.Parse(new StringReader(PacketCaptureKallsyms.Build()), out int skipped);
        Assert.Equal(0, skipped);

        int matched = 0;
        int module = 0;
        int unresolved = 0;
        foreach (DropwatchSummaryDrop drop in DropwatchLog.Load("netdm-summary").SummaryDrops)
        {
            string? ours = symbols.Format(drop.ProgramCounter);
            if (drop.SymbolName == "__init_scratch_end")
            {
                // dropwatch reads only vmlinux symbols, so a module's PC lands on the last vmlinux symbol
                // below the module area. kallsyms lists module symbols too, and the packet captures of the
                // same boot name this PC nft_do_chain+0x47f/0x5e0 [nf_tables].
                Assert.Equal("nft_do_chain+0x47f [nf_tables]", ours);
                module++;
            }
            else if (drop.SymbolName == "neigh_invalidate")
            {
                // Below every symbol the table knows: no guess beats a wrong name.
                Assert.Null(ours);
                Assert.False(symbols.TryResolve(drop.ProgramCounter, out _, out _));
                unresolved++;
            }
            else
            {
                // dropwatch prints the offset in hex without 0x.
                Assert.Equal(drop.SymbolName + "+0x" + drop.Offset, ours);
                matched++;
            }
        }

        Assert.True(matched >= 4, "vmlinux PCs compared: " + matched);
        Assert.Equal(1, module);
        Assert.Equal(1, unresolved);
    }

    [Fact]
    public void An_entry_count_larger_than_the_points_present_returns_those_present_and_says_so()
    {
        var points = new[] { (Pc: 0xffffffff890bcae2UL, Count: 3u), (Pc: 0xffffffffc05ea54fUL, Count: 2u) };
        byte[] message = SummaryAlert(LegacyPayload(entries: 3, points));

        Parse(message, (NetDmAttributes attributes) =>
        {
            Assert.True(NetDmSummaryAlert.TryParse(attributes, out NetDmSummaryAlert alert, out string? problem));
            Assert.Equal(3u, alert.DeclaredEntries);
            Assert.Equal(2, alert.Count);
            Assert.Equal(new NetDmDropPoint(points[0].Pc, points[0].Count), alert[0]);
            Assert.Equal(new NetDmDropPoint(points[1].Pc, points[1].Count), alert[1]);
            Assert.NotNull(problem);
            Assert.Contains("3 drop points", problem, StringComparison.Ordinal);
            Assert.Contains("holds 2", problem, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_partial_trailing_point_is_not_returned()
    {
        byte[] payload = LegacyPayload(entries: 2, new[] { (0xffffffff890ac491UL, 1u) });
        byte[] message = SummaryAlert(payload.Concat(new byte[5]).ToArray());

        Parse(message, (NetDmAttributes attributes) =>
        {
            Assert.True(NetDmSummaryAlert.TryParse(attributes, out NetDmSummaryAlert alert, out string? problem));
            Assert.Equal(1, alert.Count);
            Assert.Contains("holds 1", problem, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void An_entry_count_smaller_than_the_points_present_returns_only_the_counted_ones()
    {
        byte[] message = SummaryAlert(LegacyPayload(entries: 1, new[] { (1UL, 1u), (2UL, 2u) }));

        Parse(message, (NetDmAttributes attributes) =>
        {
            Assert.True(NetDmSummaryAlert.TryParse(attributes, out NetDmSummaryAlert alert, out string? problem));
            Assert.Null(problem);
            Assert.Equal(1, alert.Count);
            Assert.Equal(new NetDmDropPoint(1, 1), alert[0]);
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_payload_shorter_than_the_entry_count_is_refused_with_its_length(int length)
    {
        byte[] message = SummaryAlert(new byte[length]);

        Parse(message, (NetDmAttributes attributes) =>
        {
            Assert.False(NetDmSummaryAlert.TryParse(attributes, out NetDmSummaryAlert alert, out string? problem));
            Assert.Equal(0, alert.Count);
            Assert.NotNull(problem);
            Assert.Contains($"{length} bytes", problem, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void An_alert_without_attribute_0_is_refused()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new NetlinkWriter(buffer);
        int token = writer.BeginMessage(FamilyId, NetlinkMessageFlags.None, 0);
        writer.WriteGenericHeader((byte)NetDmCommand.Alert, NetDmFamily.Version);
        writer.EndMessage(token);

        Parse(writer.Written.ToArray(), (NetDmAttributes attributes) =>
        {
            Assert.False(NetDmSummaryAlert.TryParse(attributes, out _, out string? problem));
            Assert.Contains("no attribute 0", problem, StringComparison.Ordinal);
        });
    }

    private static byte[] LegacyPayload(uint entries, (ulong Pc, uint Count)[] points)
    {
        byte[] payload = new byte[4 + (points.Length * 12)];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, entries);
        for (int i = 0; i < points.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(4 + (i * 12)), points[i].Pc);
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(12 + (i * 12)), points[i].Count);
        }

        return payload;
    }

    /// <summary>An ALERT as the kernel sends it: the legacy struct as the payload of attribute 0.</summary>
    private static byte[] SummaryAlert(ReadOnlySpan<byte> legacy)
    {
        byte[] buffer = new byte[64 + legacy.Length];
        var writer = new NetlinkWriter(buffer);
        int token = writer.BeginMessage(FamilyId, NetlinkMessageFlags.None, 0);
        writer.WriteGenericHeader((byte)NetDmCommand.Alert, NetDmFamily.Version);
        NetDmAttributeWriter.PutUnspec(ref writer, legacy);
        int length = writer.EndMessage(token);
        return buffer.AsSpan(0, length).ToArray();
    }

    private delegate void AttributesCheck(NetDmAttributes attributes);

    private static void Parse(byte[] message, AttributesCheck check)
    {
        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryReadNext(out NetlinkMessage netlink));
        TrafficMessage decoded = new NetDmTrafficDecoder(FamilyId).Decode(netlink);
        Assert.Equal(TrafficMessageKind.NetDmMessage, decoded.Kind);
        Assert.Equal(NetDmCommand.Alert, decoded.Command);
        Assert.False(decoded.NetDm.Error.IsError);
        check(decoded.NetDm);
    }
}
