using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NetDrop.Cli.Specs;
using NetDrop.SpecSync.Specs;

namespace NetDrop.Tests.Specs;

/// <summary>
/// `specs sync` reads spec YAML with the generator's bounds (docs/diagnostics/ND0012.md): aliases are
/// refused, so nothing expands; nesting past 64 and files past a mebibyte are errors with file and line,
/// exit 2, and the specs untouched.
/// </summary>
public sealed class SpecYamlLimitTests
{
    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void Yaml_nested_50000_deep_is_an_error_at_its_line_not_a_stack_overflow(string open, string close)
    {
        string nest = string.Concat(Enumerable.Repeat(open, 50_000)) + (close.Length == 0 ? "x" : string.Concat(Enumerable.Repeat(close, 50_000)));
        string yaml = "name: net_dm\nprotocol: genetlink\nextra:\n  " + nest + "\n";

        var error = Assert.Throws<SpecFormatException>(() => SpecFile.Parse("/specs/deep.yaml", yaml));

        Assert.Equal(4, error.Line);
        Assert.Contains("nests mappings and sequences more than 64 deep here", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_nested_64_deep_still_reads()
    {
        // The root mapping is the first level, so 63 more.
        string yaml = "name: net_dm\nextra: " + new string('[', 63) + new string(']', 63) + "\n";

        Assert.Equal("net_dm", SpecFile.Parse("/specs/deep.yaml", yaml).Name);
        Assert.Throws<SpecFormatException>(() => SpecFile.Parse("/specs/deep.yaml", "name: net_dm\nextra: " + new string('[', 64) + new string(']', 64) + "\n"));
    }

    [Fact]
    public void A_billion_laughs_is_refused_at_its_first_alias_without_expanding_it()
    {
        string yaml = "name: net_dm\nextra:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            + string.Concat(Enumerable.Range(1, 9).Select(l => $"  - &l{l} [{string.Join(", ", Enumerable.Repeat($"*l{l - 1}", 10))}]\n"));
        var time = Stopwatch.StartNew();

        var error = Assert.Throws<SpecFormatException>(() => SpecFile.Parse("/specs/laughs.yaml", yaml));

        Assert.Equal(4, error.Line);
        Assert.Contains("NetDrop's specs use no AnchorAlias here", error.Message, StringComparison.Ordinal);
        Assert.True(time.Elapsed < TimeSpan.FromSeconds(5), $"{time.Elapsed.TotalMilliseconds:0} ms");
    }

    [Theory]
    [InlineData(YamlOutline.MaxLength, false)]
    [InlineData(YamlOutline.MaxLength + 1, true)]
    public void A_spec_is_at_most_a_mebibyte(int length, bool refused)
    {
        const string Head = "name: net_dm\n";
        string yaml = Head + "# " + new string('x', length - Head.Length - 3) + "\n";

        if (!refused)
        {
            Assert.Equal("net_dm", SpecFile.Parse("/specs/long.yaml", yaml).Name);
            return;
        }

        var error = Assert.Throws<SpecFormatException>(() => SpecFile.Parse("/specs/long.yaml", yaml));
        Assert.Equal($"/specs/long.yaml: is {length} characters; a spec may have at most 1048576 (docs/diagnostics/ND0012.md)", error.Message);
    }

    [Fact]
    public void Sync_on_a_hostile_spec_exits_2_and_changes_no_spec()
    {
        using var specs = new SpecSyncFiles.ScratchSpecs();
        string path = Path.Combine(specs.Path, "net_dm.yaml");
        File.WriteAllText(path, specs.Read("net_dm.yaml") + "extra: " + new string('[', 50_000) + new string(']', 50_000) + "\n");
        string packet = specs.Read("af_packet.yaml");
        var error = new StringWriter();

        int exit = SpecsCommand.RunSync(SpecSyncFiles.Headers61, false, null, specs.Path, "6.1", check: false, new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.StartsWith($"netdrop specs sync: {path}:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("more than 64 deep here", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(packet, specs.Read("af_packet.yaml"));
    }
}
