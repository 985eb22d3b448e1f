using System;
using System.IO;
using System.Linq;
using NetDrop.Generators.Model;
using NetDrop.Generators.Parsing;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Operation values as the kernel's YNL numbers them, checked without a C compiler: the numbers are
/// the kernel 6.1 uapi header's (linux/ethtool_netlink.h), which KernelUapiValuesTests compares in full.
/// </summary>
public sealed class OperationNumberingTests
{
    [Fact]
    public void Ethtool_requests_and_replies_are_counted_apart()
    {
        SpecModel ethtool = Parse("ethtool.yaml");

        // Counted straight through the list, notifications included, FeaturesGet was 15.
        Assert.Equal((11, 11), Values(ethtool, "features-get"));
        Assert.Equal((12, 12), Values(ethtool, "features-set"));
        Assert.Equal(13, Values(ethtool, "features-ntf").Request);
        Assert.Equal(27, Values(ethtool, "cable-test-ntf").Request);
        Assert.True(ethtool.Operations.Single(o => o.SpecName == "features-ntf").IsNotification);
        Assert.Equal("ETHTOOL_MSG_FEATURES_GET_REPLY", ethtool.Operations.Single(o => o.SpecName == "features-get").ReplyCName);
        Assert.Null(ethtool.Operations.Single(o => o.SpecName == "linkinfo-set").ReplyCName);
    }

    [Fact]
    public void Explicit_request_and_reply_values_are_kept()
    {
        SpecModel nlctrl = Parse("nlctrl.yaml");

        Assert.Equal((3, 1), Values(nlctrl, "getfamily"));
        Assert.Equal((10, 10), Values(nlctrl, "getpolicy"));
    }

    [Fact]
    public void Unified_values_restart_at_an_explicit_value()
    {
        var numbering = new OperationNumbering();

        Assert.Equal(new[] { 1, 2, 7, 8 }, new[] { numbering.Unified(null), numbering.Unified(null), numbering.Unified(7), numbering.Unified(null) });
    }

    [Fact]
    public void A_notification_advances_only_the_reply_count()
    {
        var numbering = new OperationNumbering();

        Assert.Equal((1, 1), numbering.Directional(isAsync: false, explicitValue: null, requestValue: null, replyValue: null, hasReply: true));
        Assert.Equal((2, 2), numbering.Directional(isAsync: true, explicitValue: null, requestValue: null, replyValue: null, hasReply: false));
        Assert.Equal((2, 3), numbering.Directional(isAsync: false, explicitValue: null, requestValue: null, replyValue: null, hasReply: true));
        Assert.Equal((3, 3), numbering.Directional(isAsync: false, explicitValue: null, requestValue: null, replyValue: null, hasReply: false));
        Assert.Equal((4, 4), numbering.Directional(isAsync: false, explicitValue: null, requestValue: null, replyValue: null, hasReply: true));
    }

    private static (int Request, int Reply) Values(SpecModel spec, string operation)
    {
        OperationModel model = spec.Operations.Single(o => o.SpecName == operation);
        return (model.Value, model.ReplyValue);
    }

    private static SpecModel Parse(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "ynl", file);
        SpecParseResult result = SpecParser.Parse(path, File.ReadAllText(path), "Kernel.Ynl");
        return result.Model ?? throw new InvalidOperationException(file + " gave no model: " + string.Join("; ", result.Diagnostics));
    }
}
