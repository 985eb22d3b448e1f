using System;
using System.Linq;
using NetDrop.Generators.Model;
using NetDrop.Generators.Parsing;

namespace NetDrop.Generators.Tests;

/// <summary>The incremental cache works only if parsing the same text twice gives equal models.</summary>
public sealed class ModelEqualityTests
{
    [Theory]
    [InlineData("net_dm.yaml")]
    [InlineData("af_packet.yaml")]
    [InlineData("drop_reasons.yaml")]
    [InlineData("kernel/nlctrl.yaml")]
    [InlineData("kernel/netdev.yaml")]
    [InlineData("kernel/devlink.yaml")]
    public void Parsing_the_same_text_twice_gives_equal_models(string spec)
    {
        SpecInput input = SpecInput.FromRepository(spec, "Test.Specs");

        SpecParseResult first = SpecParser.Parse(input.Path, input.Text, input.Namespace!);
        // A distinct string instance, as a re-read of the file would give.
        SpecParseResult second = SpecParser.Parse(input.Path, new string(input.Text.AsSpan()), input.Namespace!);

        Assert.NotNull(first.Model);
        Assert.NotSame(first.Model, second.Model);
        Assert.Equal(first.Model, second.Model);
        Assert.Equal(first.Model!.GetHashCode(), second.Model!.GetHashCode());
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void A_changed_doc_gives_an_unequal_model()
    {
        SpecInput input = SpecInput.FromRepository("net_dm.yaml", "Test.NetDm");

        SpecModel before = SpecParser.Parse(input.Path, input.Text, "Test.NetDm").Model!;
        SpecModel after = SpecParser.Parse(input.Path, input.Text.Replace("doc: Unused.", "doc: Not used.", System.StringComparison.Ordinal), "Test.NetDm").Model!;

        Assert.NotEqual(before, after);
        Assert.Equal(before.AttributeSets, after.AttributeSets);
        Assert.NotEqual(before.Operations, after.Operations);
        Assert.Equal(before.Operations.Skip(1), after.Operations.Skip(1));
    }

    [Fact]
    public void Equal_errors_give_equal_diagnostics()
    {
        const string yaml = "name: test\nprotocol: rtnetlink\n";

        SpecParseResult first = SpecParser.Parse("/specs/test.yaml", yaml, "Test.Specs");
        SpecParseResult second = SpecParser.Parse("/specs/test.yaml", yaml, "Test.Specs");

        Assert.Null(first.Model);
        Assert.Equal(first.Diagnostics, second.Diagnostics);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }
}
