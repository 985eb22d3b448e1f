using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Generators.Tests;

/// <summary>
/// The numbers of the generated code are the kernel's: for every kernel spec (testdata/ynl) whose uapi
/// header this machine has, every generated enum entry, flag, const, attribute type and command that
/// names its C name ("C: ETHTOOL_MSG_FEATURES_GET." in its doc) is compared with what gcc says that
/// name is, by a C program compiled against the installed headers.
/// </summary>
public sealed class KernelUapiValuesTests(ITestOutputHelper output)
{
    /// <summary>
    /// Where the installed headers (linux-libc-dev, which may be older than the specs) declare what a
    /// spec's uapi-header declares today: the generated ethtool header was split out of ethtool_netlink.h,
    /// MPTCP's path manager was in mptcp.h, the YNL names of tc and nfnetlink are the classic headers'.
    /// </summary>
    private static readonly Dictionary<string, string[]> OlderHeaders = new(StringComparer.Ordinal)
    {
        ["linux/ethtool_netlink_generated.h"] = new[] { "linux/ethtool_netlink.h" },
        ["linux/mptcp_pm.h"] = new[] { "linux/mptcp.h" },
        ["linux/tc.h"] = new[] { "linux/pkt_sched.h", "linux/pkt_cls.h" },
        ["linux/conntrack.h"] = new[] { "linux/netfilter/nfnetlink_conntrack.h" },
        ["linux/nftables.h"] = new[] { "linux/netfilter/nf_tables.h" },
        ["linux/ovs_vport.h"] = new[] { "linux/openvswitch.h" },
    };

    /// <summary>
    /// Where the kernel's spec itself disagrees with the kernel's header, so the generated value follows
    /// the spec as pyynl does and differs from the header. Each must still differ: a fixed spec fails the
    /// test until its entry goes.
    /// </summary>
    private static readonly Dictionary<string, string> SpecErrata = new(StringComparer.Ordinal)
    {
        ["nlctrl.yaml NL_POLICY_TYPE_ATTR_MASK"] = "nlctrl.yaml lists mask before pad; linux/netlink.h has PAD (11) before MASK (12)",
        ["nlctrl.yaml NL_POLICY_TYPE_ATTR_PAD"] = "the same swap",
    };

    [ToolFact("gcc", "uapi-headers")]
    public void Generated_values_are_the_installed_uapi_headers_values()
    {
        var failures = new List<string>();
        var compared = new Dictionary<string, int>(StringComparer.Ordinal);
        var notInstalled = new List<string>();
        long featuresGet = -1;
        var errataSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "ynl"), "*.yaml").OrderBy(p => p, StringComparer.Ordinal))
        {
            string file = Path.GetFileName(path);
            string text = File.ReadAllText(path);
            string[] headers = InstalledHeaders(text);
            if (headers.Length == 0)
            {
                notInstalled.Add(file);
                continue;
            }

            GeneratorRun run = GeneratorHarness.Run(new SpecInput(path, text, "Kernel.Ynl"));
            Assert.True(run.CompilationDiagnostics.IsEmpty, file + ": " + string.Join("\n", run.CompilationDiagnostics));
            HashSet<string> declared = DeclaredNames(headers);
            List<(string CName, string Value, string Where)> values = GeneratedValues(run.OutputCompilation)
                .Where(v => declared.Contains(v.CName))
                .ToList();
            Dictionary<string, string> kernel = AskGcc(headers, values.Select(v => (v.CName, IsText: v.Value.StartsWith('"'))).Distinct().ToList());
            foreach ((string cName, string value, string where) in values)
            {
                if (!kernel.TryGetValue(cName, out string? expected))
                {
                    continue;
                }

                bool erratum = SpecErrata.ContainsKey(file + " " + cName);
                if ((expected != value) != erratum)
                {
                    failures.Add(erratum
                        ? $"{file}: {where} is {value} as the kernel's {cName}, but is listed as a spec erratum; remove it from SpecErrata"
                        : $"{file}: {where} is {value}, the kernel's {cName} is {expected}");
                }

                errataSeen.Add(file + " " + cName);

                if (cName == "ETHTOOL_MSG_FEATURES_GET")
                {
                    featuresGet = long.Parse(value, CultureInfo.InvariantCulture);
                }

                compared[file] = compared.GetValueOrDefault(file) + 1;
            }
        }

        string summary = string.Join(", ", compared.Select(pair => $"{pair.Key} {pair.Value}"));
        output.WriteLine($"Compared {compared.Values.Sum()} values: {summary}; no installed header: {string.Join(", ", notInstalled)}");
        Assert.True(failures.Count == 0, $"{failures.Count} values differ from the kernel's:\n" + string.Join("\n", failures.Take(100)) + "\nCompared: " + summary);

        // Each family with a header was compared on many names: a C name lost from the docs would
        // only have made the comparison smaller.
        Assert.True(compared.Count >= 10, "Too few specs have their uapi header here: " + summary + "; not installed: " + string.Join(", ", notInstalled));
        Assert.All(compared, pair => Assert.True(pair.Value >= 5, $"{pair.Key}: only {pair.Value} values compared ({summary})"));
        Assert.Equal(11, featuresGet);
        Assert.All(SpecErrata.Keys, key => Assert.Contains(key, errataSeen));
    }

    /// <summary>The spec's uapi header (or the older headers that declared its names), where installed.</summary>
    private static string[] InstalledHeaders(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        string name = Scalar(root, "name")!;
        string header = Scalar(root, "uapi-header") ?? "linux/" + name.Replace('-', '_') + ".h";
        string[] candidates = File.Exists(Path.Combine("/usr/include", header))
            ? new[] { header }
            : OlderHeaders.TryGetValue(header, out string[]? older) ? older : Array.Empty<string>();
        return candidates.Where(h => File.Exists(Path.Combine("/usr/include", h))).ToArray();
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) && value is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>Every identifier the headers, and the linux/ headers they include, spell.</summary>
    private static HashSet<string> DeclaredNames(string[] headers)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(headers);
        while (pending.Count > 0 && seen.Count < 100)
        {
            string header = pending.Dequeue();
            string full = Path.Combine("/usr/include", header);
            if (!seen.Add(header) || !File.Exists(full))
            {
                continue;
            }

            string text = File.ReadAllText(full);
            foreach (Match match in Regex.Matches(text, "[A-Za-z_][A-Za-z0-9_]*"))
            {
                names.Add(match.Value);
            }

            foreach (Match include in Regex.Matches(text, "#include <(linux/[^>]+)>"))
            {
                pending.Enqueue(include.Groups[1].Value);
            }
        }

        return names;
    }

    /// <summary>Each generated enum member and const whose doc names a C name: that name, its value, and where it is.</summary>
    private static IEnumerable<(string CName, string Value, string Where)> GeneratedValues(Compilation compilation)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)))
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
            {
                ISymbol? symbol = node switch
                {
                    EnumMemberDeclarationSyntax member => model.GetDeclaredSymbol(member),
                    VariableDeclaratorSyntax variable when variable.Parent?.Parent is FieldDeclarationSyntax field && field.Modifiers.Any(m => m.Text == "const") => model.GetDeclaredSymbol(variable),
                    _ => null,
                };
                if (symbol is not IFieldSymbol { HasConstantValue: true } constant)
                {
                    continue;
                }

                Match cName = Regex.Match(constant.GetDocumentationCommentXml() ?? string.Empty, @"\bC: ([A-Z][A-Z0-9_]*)\b");
                if (!cName.Success)
                {
                    continue;
                }

                string value = constant.ConstantValue switch
                {
                    string text => "\"" + text + "\"",
                    object number => Convert.ToInt64(number, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                    _ => "null",
                };
                yield return (cName.Groups[1].Value, value, constant.ContainingType.Name + "." + constant.Name);
            }
        }
    }

    /// <summary>
    /// Compiles and runs a C program that prints each name's value as the headers define it. A name the
    /// headers spell but do not declare for this program (if.h's IFF_* sit behind a libc-compat switch)
    /// is reported undeclared by gcc; it is dropped and the program compiled again.
    /// </summary>
    private static Dictionary<string, string> AskGcc(string[] headers, List<(string CName, bool IsText)> names)
    {
        for (int attempt = 0; ; attempt++)
        {
            (Dictionary<string, string>? values, string errors) = TryGcc(headers, names);
            if (values is not null)
            {
                return values;
            }

            var undeclared = new HashSet<string>(Regex.Matches(errors, "error: .(\\w+). undeclared").Select(m => m.Groups[1].Value), StringComparer.Ordinal);
            Assert.True(attempt < 3 && undeclared.Count > 0, $"gcc failed on the program for {string.Join(", ", headers)}:\n{errors}");
            names = names.Where(n => !undeclared.Contains(n.CName)).ToList();
        }
    }

    private static (Dictionary<string, string>? Values, string Errors) TryGcc(string[] headers, List<(string CName, bool IsText)> names)
    {
        var program = new StringBuilder();
        program.AppendLine("#include <stdio.h>");
        program.AppendLine("#include <sys/socket.h>");
        foreach (string header in headers)
        {
            program.AppendLine($"#include <{header}>");
        }

        program.AppendLine("int main(void) {");
        foreach ((string name, bool isText) in names)
        {
            program.AppendLine(isText
                ? $"  printf(\"%s \\\"%s\\\"\\n\", \"{name}\", {name});"
                : $"  printf(\"%s %lld\\n\", \"{name}\", (long long)({name}));");
        }

        program.AppendLine("  return 0;\n}");
        string directory = Directory.CreateTempSubdirectory("netdrop-uapi-").FullName;
        try
        {
            string source = Path.Combine(directory, "values.c");
            string binary = Path.Combine(directory, "values");
            File.WriteAllText(source, program.ToString());
            (int compiled, string compileOutput) = Run("gcc", "-w", "-fmax-errors=0", "-o", binary, source);
            if (compiled != 0)
            {
                return (null, compileOutput);
            }

            (int ran, string output) = Run(binary);
            Assert.Equal(0, ran);
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                int space = line.IndexOf(' ', StringComparison.Ordinal);
                values[line.Substring(0, space)] = line.Substring(space + 1);
            }

            return (values, string.Empty);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), program + " did not finish in a minute");
        return (process.ExitCode, output + error.Result);
    }
}
