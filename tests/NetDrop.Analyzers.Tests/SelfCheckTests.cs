using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetDrop.Analyzers.Tests.Builds;
using NetDrop.Analyzers.Tests.Verifiers;

namespace NetDrop.Analyzers.Tests;

/// <summary>The project follows its own rules: its runtime and tools compile with every NetDrop analyzer on and no ND diagnostic.</summary>
public sealed class SelfCheckTests
{
    [Fact]
    public async Task Runtime_and_tools_have_no_NetDrop_diagnostics()
    {
        CSharpCompilation runtime = RepoCompilation.Runtime();
        CSharpCompilation tools = RepoCompilation.Tools(runtime);
        foreach (CSharpCompilation compilation in new[] { runtime, tools })
        {
            // A compilation that does not build would hide what the analyzers see.
            Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.True(errors.Length == 0, $"{compilation.AssemblyName} does not compile here:\n" + string.Join("\n", errors.Take(20).Select(e => e.ToString())));
            Assert.True(compilation.SyntaxTrees.Count() > 5, $"{compilation.AssemblyName}: too few sources found");

            ImmutableArray<Diagnostic> diagnostics = await NetDropAnalyzers.AnalyzeAsync(compilation);
            Assert.True(diagnostics.IsEmpty, $"{compilation.AssemblyName}:\n" + string.Join("\n", diagnostics.Select(d => d.ToString())));
        }
    }
}
