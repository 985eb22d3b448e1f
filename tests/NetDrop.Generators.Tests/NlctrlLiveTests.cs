using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Generators.Tests;

/// <summary>
/// A CTRL_CMD_GETFAMILY dump read through the code generated from the kernel's nlctrl.yaml says what
/// 'genl ctrl list' says of every family: name, id, version, header size, max attributes, each
/// operation's id and capability flags (which genl prints for families of version 2 and later),
/// each multicast group's id and name.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed partial class NlctrlLiveTests
{
    private const string Probe = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using NetDrop.Netlink;
        using NetDrop.Netlink.Generic;
        using Test.Nlctrl;

        namespace App;

        internal static class Probe
        {
            // GENL_ID_CTRL: nlctrl's own family id, fixed by the kernel.
            private const ushort Controller = 0x10;

            public static string Families()
            {
                var families = new List<string>();
                using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();
                Span<byte> buffer = connection.BeginRequest(out uint sequence);
                int length = NlctrlRequests.GetfamilyDump(buffer, Controller, sequence);
                var collector = new Collector(families);
                connection.Execute(length, "CTRL_CMD_GETFAMILY", ref collector);
                return string.Join("\n", families.OrderBy(f => f, StringComparer.Ordinal));
            }

            private readonly struct Collector : INetlinkReplyHandler
            {
                private readonly List<string> _families;

                public Collector(List<string> families) => _families = families;

                public void OnReply(in NetlinkMessage message, GenericNetlinkHeader header, ReadOnlySpan<byte> attributes)
                {
                    if (header.Command != (byte)NlctrlCommand.GetfamilyReply)
                    {
                        return;
                    }

                    NlctrlCtrlAttributes family = NlctrlCtrlAttributes.Parse(attributes, NetlinkMessageHeader.Size + 4);
                    if (family.Error.IsError)
                    {
                        throw new InvalidOperationException("CTRL_CMD_NEWFAMILY does not parse: " + family.Error);
                    }

                    // genl prints an operation's capabilities only for a family of version 2 or later.
                    var ops = new List<string>();
                    foreach (NlctrlOpAttributes op in family.Ops)
                    {
                        ops.Add(family.Version >= 2 ? $"{op.Id}:{(uint)(op.Flags ?? 0):x}" : $"{op.Id}:-");
                    }

                    var groups = new List<string>();
                    foreach (NlctrlMcastGroupAttributes group in family.McastGroups)
                    {
                        groups.Add($"{group.Id}:{group.GetName()}");
                    }

                    _families.Add($"{family.GetFamilyName()}|{family.FamilyId}|{family.Version}|{family.Hdrsize}|{family.Maxattr}|{string.Join(",", ops)}|{string.Join(",", groups)}");
                }
            }
        }
        """;

    [LiveKernelFact("genl")]
    public void A_family_dump_says_what_genl_ctrl_list_says()
    {
        // A module loading between the two reads would add a family; read until two genl lists agree around the dump.
        for (int attempt = 0; ; attempt++)
        {
            string[] before = GenlFamilies();
            string[] generated = LiveProbe.Invoke(new[] { "nlctrl.yaml" }, Probe, "Families").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] after = GenlFamilies();
            if (!before.SequenceEqual(after) && attempt < 3)
            {
                continue;
            }

            Assert.True(after.Length >= 5, string.Join("\n", after));
            Assert.Equal(after, generated);
            Assert.Contains(generated, f => f.StartsWith("nlctrl|16|2|0|", StringComparison.Ordinal) && f.EndsWith("|16:notify", StringComparison.Ordinal));
            return;
        }
    }

    /// <summary>genl ctrl list, as the probe prints each family: name|id|version|hdrsize|maxattr|op id:flags,…|group id:name,….</summary>
    private static string[] GenlFamilies()
    {
        string text = Command.Run("genl", "ctrl", "list");
        var families = new List<string>();
        foreach (string block in ("\n" + text.TrimStart('\n')).Split("\nName: ", StringSplitOptions.RemoveEmptyEntries))
        {
            string name = block.Split('\n')[0].Trim();
            Match head = Head().Match(block);
            Assert.True(head.Success, "genl ctrl list: " + block);

            // Operations come before the multicast groups; both are numbered "#N:  ID-0x…".
            int groupsAt = block.IndexOf("multicast groups:", StringComparison.Ordinal);
            string opsText = groupsAt < 0 ? block : block.Substring(0, groupsAt);
            string groupsText = groupsAt < 0 ? string.Empty : block.Substring(groupsAt);
            string ops = string.Join(",", Op().Matches(opsText).Select(m => $"{Hex(m.Groups[1].Value)}:{(m.Groups[2].Success ? m.Groups[2].Value.TrimStart('0').PadLeft(1, '0') : "-")}"));
            string groups = string.Join(",", Group().Matches(groupsText).Select(m => $"{Hex(m.Groups[1].Value)}:{m.Groups[2].Value}"));
            families.Add($"{name}|{Hex(head.Groups[1].Value)}|{Hex(head.Groups[2].Value)}|{head.Groups[3].Value}|{head.Groups[4].Value}|{ops}|{groups}");
        }

        return families.OrderBy(f => f, StringComparer.Ordinal).ToArray();
    }

    private static string Hex(string digits) => long.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"ID: 0x([0-9a-f]+)\s+Version: 0x([0-9a-f]+)\s+header size: (\d+)\s+max attribs: (\d+)")]
    private static partial Regex Head();

    [GeneratedRegex(@"#\d+:\s+ID-0x([0-9a-f]+)[ \t]*(?:\n\s*Capabilities \(0x([0-9a-f]+)\))?")]
    private static partial Regex Op();

    [GeneratedRegex(@"#\d+:\s+ID-0x([0-9a-f]+)\s+name: (\S+)")]
    private static partial Regex Group();
}
