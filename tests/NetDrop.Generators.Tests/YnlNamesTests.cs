using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NetDrop.Generators.Model;
using NetDrop.Generators.Parsing;
using NetDrop.Ynl;
using YamlDotNet.RepresentationModel;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Generators.Tests;

/// <summary>The YNL naming rules the generator and SpecSync share, against the kernel's own C names.</summary>
public sealed class YnlNamesTests
{
    /// <summary>Names from the kernel's generated linux/dpll.h, one per rule.</summary>
    [Theory]
    [InlineData("attribute", "dpll", "dpll", null, "id", "DPLL_A_ID")]
    [InlineData("attribute", "dpll", "pin", null, "parent-id", "DPLL_A_PIN_PARENT_ID")]
    [InlineData("attribute", "fou", "fou", "fou-attr-", "peer-v4", "FOU_ATTR_PEER_V4")]
    [InlineData("enum", "dpll", "lock-status", null, "locked-ho-acq", "DPLL_LOCK_STATUS_LOCKED_HO_ACQ")]
    [InlineData("operation", "dpll", null, null, "device-id-get", "DPLL_CMD_DEVICE_ID_GET")]
    [InlineData("operation", "NET_DM", null, null, "packet-alert", "NET_DM_CMD_PACKET_ALERT")]
    public void Default_prefixes_give_the_kernels_names(string kind, string family, string? definition, string? namePrefix, string name, string expected)
    {
        string prefix = kind switch
        {
            "attribute" => YnlNames.AttributePrefix(family, definition!, namePrefix),
            "enum" => YnlNames.EnumPrefix(family, definition!, namePrefix),
            _ => YnlNames.OperationPrefix(family, namePrefix),
        };

        Assert.Equal(expected, YnlNames.CName(prefix, name));
        Assert.Equal(name, YnlNames.SpecName(expected, YnlNames.CUpper(prefix)));
    }

    /// <summary>The parser names with the shared rules, the model holding what it decided.</summary>
    [Fact]
    public void The_parser_names_and_types_attributes_by_the_rules()
    {
        const string yaml = """
            name: dpll
            protocol: genetlink
            attribute-sets:
              -
                name: dpll
                attributes:
                  -
                    name: id
                    type: u32
                  -
                    name: temp
                    type: s8
              -
                name: pin
                attributes:
                  -
                    name: parent-id
                    type: nest
                    nested-attributes: dpll
            operations:
              list:
                -
                  name: device-id-get
                  value: 1
            """;

        SpecParseResult result = SpecParser.Parse("/specs/dpll.yaml", yaml, "Test.Dpll");

        Assert.Empty(result.Diagnostics);
        SpecModel model = result.Model!;
        AttributeModel id = model.AttributeSets[0].Attributes[0];
        AttributeModel temp = model.AttributeSets[0].Attributes[1];
        AttributeModel parent = model.AttributeSets[1].Attributes[0];
        Assert.Equal(("DPLL_A_ID", AttributeKind.Fixed, ScalarType.U32, "uint"), (id.CName, id.Kind, id.Scalar, id.ValueType));
        Assert.Equal(("DPLL_A_TEMP", ScalarType.S8, "sbyte"), (temp.CName, temp.Scalar, temp.ValueType));
        Assert.Equal(("DPLL_A_PIN_PARENT_ID", AttributeKind.Nest, (ScalarType?)null, "Dpll"), (parent.CName, parent.Kind, parent.Scalar, parent.NestedTypePrefix));
        Assert.Equal("DPLL_CMD_DEVICE_ID_GET", model.Operations[0].CName);
        Assert.True(model.IsNetlink);
    }

    [Theory]
    [InlineData("no-socket", "NO_SOCKET")]
    [InlineData("tcp-md5notfound", "TCP_MD5NOTFOUND")]
    public void Drop_reason_names_round_trip(string specName, string kernelName)
    {
        Assert.Equal(kernelName, YnlNames.DropReasonKernelName(specName));
        Assert.Equal(specName, YnlNames.DropReasonSpecName(kernelName));
    }

    /// <summary>
    /// Every genetlink spec of the kernel whose uapi header is installed: the C names the rules give
    /// for its enum entries, attributes and commands are the header's. The installed header may be
    /// older than the spec (a spec names what later kernels added), so a section the header does not
    /// declare at all is left out and a few names may be missing from one it does; a wrong rule
    /// misses a whole family.
    /// </summary>
    [ToolFact("uapi-headers")]
    public void Computed_c_names_are_declared_by_the_kernels_headers()
    {
        var checkedSpecs = new List<string>();
        var failures = new List<string>();
        var declaredKinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in KernelSpecs())
        {
            YamlMappingNode root = Load(path);
            string family = Text(root, "name")!;
            string header = Path.Combine("/usr/include", Text(root, "uapi-header") ?? "linux/" + family.Replace('-', '_') + ".h");
            if (!File.Exists(header))
            {
                continue;
            }

            var declared = new HashSet<string>(Regex.Matches(File.ReadAllText(header), "[A-Za-z_][A-Za-z0-9_]*").Select(m => m.Value), StringComparer.Ordinal);
            int found = 0;
            var missing = new List<string>();
            foreach ((string section, List<string> names) in Sections(root, family))
            {
                List<string> absent = names.Where(n => !declared.Contains(n)).ToList();
                if (absent.Count == names.Count)
                {
                    continue;
                }

                declaredKinds.Add(section.Split(' ')[0]);
                found += names.Count - absent.Count;
                missing.AddRange(absent.Select(n => section + ": " + n));
            }

            checkedSpecs.Add($"{Path.GetFileName(path)} ({found} names)");
            if (found == 0 || missing.Count * 10 > found + missing.Count)
            {
                failures.Add($"{Path.GetFileName(path)} against {header}: {found} found, missing {string.Join(", ", missing)}");
            }
        }

        Assert.True(checkedSpecs.Count >= 3, "Too few kernel specs have their header installed to test the rules: " + string.Join(", ", checkedSpecs));
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Each rule named something a header declares: a wrong rule would only have skipped its sections.
        Assert.Equal(new[] { "attribute", "enum", "operations" }, declaredKinds.OrderBy(k => k, StringComparer.Ordinal));
    }

    private static IEnumerable<string> KernelSpecs() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "specs", "kernel"), "*.yaml")
            .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "KernelSpecs"), "*.yaml"))
            .OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal);

    /// <summary>The C names of each enum, attribute set and command list, as the header would declare them.</summary>
    private static IEnumerable<(string Section, List<string> Names)> Sections(YamlMappingNode root, string family)
    {
        foreach (YamlMappingNode definition in Items(root, "definitions"))
        {
            // An enum with a header of its own is declared elsewhere (header: linux/if.h).
            if (Text(definition, "type") is "enum" or "flags" && Text(definition, "header") is null)
            {
                string name = Text(definition, "name")!;
                string prefix = YnlNames.EnumPrefix(family, name, Text(definition, "name-prefix"));
                yield return ("enum " + name, EntryNames(definition, "entries").Select(e => YnlNames.CName(prefix, e)).ToList());
            }
        }

        foreach (YamlMappingNode set in Items(root, "attribute-sets"))
        {
            if (Text(set, "subset-of") is null)
            {
                string name = Text(set, "name")!;
                string prefix = YnlNames.AttributePrefix(family, name, Text(set, "name-prefix"));
                yield return ("attribute set " + name, EntryNames(set, "attributes").Select(a => YnlNames.CName(prefix, a)).ToList());
            }
        }

        // Directional families number requests and replies apart, with prefixes of their own.
        if (root.Children.TryGetValue(new YamlScalarNode("operations"), out YamlNode? node) && node is YamlMappingNode operations && Text(operations, "enum-model") != "directional")
        {
            string prefix = YnlNames.OperationPrefix(family, Text(operations, "name-prefix"));
            yield return ("operations", EntryNames(operations, "list").Select(o => YnlNames.CName(prefix, o)).ToList());
        }
    }

    private static IEnumerable<string> EntryNames(YamlMappingNode node, string key)
    {
        foreach (YamlNode item in Items<YamlNode>(node, key))
        {
            yield return item is YamlScalarNode scalar ? scalar.Value! : Text((YamlMappingNode)item, "name")!;
        }
    }

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode node, string key) => Items<YamlMappingNode>(node, key);

    private static IEnumerable<T> Items<T>(YamlMappingNode node, string key)
        where T : YamlNode =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) && value is YamlSequenceNode sequence
            ? sequence.Children.OfType<T>()
            : Enumerable.Empty<T>();

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) && value is YamlScalarNode scalar && !string.IsNullOrEmpty(scalar.Value) ? scalar.Value : null;

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
