using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Every spec of the kernel's Documentation/netlink/specs (testdata/ynl, copied verbatim), each
/// generated alone as a user's project would: C# that compiles with no warning, and no error from
/// the generator, only infos for what it cannot use yet.
/// </summary>
public sealed class KernelYnlSpecsTests(ITestOutputHelper output)
{
    public static TheoryData<string> Specs()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "ynl"), "*.yaml").OrderBy(p => p, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Every_kernel_spec_generates_code_that_compiles_without_a_warning(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "ynl", file);
        GeneratorRun run = GeneratorHarness.Run(new SpecInput(path, File.ReadAllText(path), "Kernel.Ynl"));

        Assert.Null(run.GeneratorException);
        string[] refused = run.GeneratorDiagnostics.Where(d => d.Severity > DiagnosticSeverity.Info).Select(Describe).ToArray();
        Assert.True(refused.Length == 0, string.Join("\n", refused));
        Assert.NotEmpty(run.Sources);
        foreach (Diagnostic info in run.GeneratorDiagnostics)
        {
            output.WriteLine(Describe(info));
        }

        string[] problems = run.CompilationDiagnostics.Select(Describe).Take(40).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems));
    }

    private static string Describe(Diagnostic diagnostic) =>
        $"{Path.GetFileName(diagnostic.Location.GetLineSpan().Path)}:{diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}: {diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
}
