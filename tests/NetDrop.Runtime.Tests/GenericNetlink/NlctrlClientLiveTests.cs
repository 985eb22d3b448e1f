using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NetDrop.Netlink.Control;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.GenericNetlink;

/// <summary>
/// The client generated from the kernel's nlctrl.yaml (NlctrlNetlinkClient) against this machine's
/// kernel, with 'genl ctrl list' as the peer: both forms of the CTRL_CMD_GETFAMILY dump name the same
/// families with the same ids. The controller answers any process, so no namespace or root is needed.
/// </summary>
[Trait("Needs", "live-kernel")]
public sealed partial class NlctrlClientLiveTests
{
    [ToolFact("genl")]
    public void A_family_dump_through_the_client_says_what_genl_ctrl_list_says()
    {
        using NlctrlNetlinkClient client = NlctrlNetlinkClient.Open();

        List<NlctrlGetfamilyReply> owned = client.GetfamilyDump();
        var viewed = new FamilyLines(new List<string>());
        client.GetfamilyDump(ref viewed);
        string[] genl = GenlFamilies();

        string[] fromOwned = owned.Select(r => Line(r.Attributes)).OrderBy(l => l, StringComparer.Ordinal).ToArray();
        Assert.True(genl.Length >= 5, "genl ctrl list printed " + genl.Length + " families");
        Assert.Equal(genl, fromOwned);
        Assert.Equal(genl, viewed.Lines.OrderBy(l => l, StringComparer.Ordinal));
    }

    [Fact]
    public void A_do_returns_the_one_family_asked_for_and_the_family_id_is_the_controllers()
    {
        using NlctrlNetlinkClient client = NlctrlNetlinkClient.Open();

        NlctrlGetfamilyReply? reply = client.Getfamily(familyName: "nlctrl");

        Assert.NotNull(reply);
        Assert.Equal("nlctrl|16", Line(reply.Attributes));
        Assert.Equal(NetDrop.Netlink.NetlinkMessageType.GenericControl, client.Family.Id);
        var error = Assert.Throws<NetDrop.Netlink.Generic.NetlinkRequestException>(() => client.Getfamily(familyName: "NETDROP_NO_SUCH"));
        Assert.Equal(NetDrop.Interop.Errno.ENOENT, error.Errno);
        Assert.Contains("CTRL_CMD_GETFAMILY", error.Message, StringComparison.Ordinal);
    }

    private static string Line(NlctrlCtrlAttributes family) => $"{family.GetFamilyName()}|{family.FamilyId}";

    /// <summary>genl ctrl list: "Name: nlctrl" then "ID: 0x10  Version: 0x2 ..." per family.</summary>
    private static string[] GenlFamilies() =>
        FamilyPattern().Matches(Command.Run("genl", "ctrl", "list"))
            .Select(m => $"{m.Groups[1].Value}|{Convert.ToUInt16(m.Groups[2].Value, 16)}")
            .OrderBy(l => l, StringComparer.Ordinal)
            .ToArray();

    [GeneratedRegex(@"Name: (\S+)\s+ID: 0x([0-9a-fA-F]+)")]
    private static partial Regex FamilyPattern();

    private readonly struct FamilyLines : INlctrlGetfamilyHandler
    {
        public FamilyLines(List<string> lines) => Lines = lines;

        public List<string> Lines { get; }

        public void OnGetfamily(NlctrlCtrlAttributes reply) => Lines.Add(Line(reply));
    }
}
