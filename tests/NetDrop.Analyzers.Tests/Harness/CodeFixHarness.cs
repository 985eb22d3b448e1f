using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace NetDrop.Analyzers.Tests.Harness;

/// <summary>
/// Applies a code fix the way an IDE does (a workspace, the fix's operations, simplification and
/// formatting) and checks the exact output, that it compiles, and that the diagnostic is gone.
/// </summary>
internal static class CodeFixHarness
{
    public static async Task VerifyAsync(string before, string expected, string diagnosticId, bool expectGone = true)
    {
        using var workspace = new AdhocWorkspace();
        ProjectId projectId = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "FixTest", "FixTest", LanguageNames.CSharp,
                compilationOptions: TestReferences.CompilationOptions,
                parseOptions: TestReferences.ParseOptions,
                metadataReferences: TestReferences.WithRuntime));
        DocumentId documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Test0.cs", SourceText.From(before));
        Document document = solution.GetDocument(documentId)!;

        Compilation original = (await document.Project.GetCompilationAsync())!;
        Diagnostic[] originalErrors = original.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(originalErrors.Length == 0, "The test code does not compile:\n" + string.Join("\n", originalErrors.Select(e => e.ToString())));
        Diagnostic diagnostic = (await Diagnostics(document)).FirstOrDefault(d => d.Id == diagnosticId)
            ?? throw new Xunit.Sdk.XunitException($"{diagnosticId} was not reported, so there is nothing to fix");
        CodeAction action = await FindAction(document, diagnostic)
            ?? throw new Xunit.Sdk.XunitException($"No code fix was offered for {diagnosticId}");

        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(CancellationToken.None);
        Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        Document fixedDocument = changed.GetDocument(documentId)!;
        string actual = (await fixedDocument.GetTextAsync()).ToString();
        Assert.Equal(Normalize(expected), Normalize(actual));

        Compilation compilation = (await fixedDocument.Project.GetCompilationAsync())!;
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The fixed code does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        if (expectGone)
        {
            ImmutableArray<Diagnostic> after = await AnalyzerHarness.Analyze(compilation);
            Assert.DoesNotContain(after, d => d.Id == diagnosticId && d.Location.SourceSpan.IntersectsWith(diagnostic.Location.SourceSpan));
        }
    }

    /// <summary>Whether any fix is offered for the first diagnostic of the ID.</summary>
    public static async Task<bool> OffersFixAsync(string source, string diagnosticId)
    {
        using var workspace = new AdhocWorkspace();
        Document document = workspace.CurrentSolution
            .AddProject("FixTest", "FixTest", LanguageNames.CSharp)
            .WithCompilationOptions(TestReferences.CompilationOptions)
            .WithParseOptions(TestReferences.ParseOptions)
            .WithMetadataReferences(TestReferences.WithRuntime)
            .AddDocument("Test0.cs", SourceText.From(source));
        Diagnostic diagnostic = (await Diagnostics(document)).First(d => d.Id == diagnosticId);
        return await FindAction(document, diagnostic) is not null;
    }

    private static async Task<ImmutableArray<Diagnostic>> Diagnostics(Document document)
    {
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        return await AnalyzerHarness.Analyze(compilation);
    }

    private static async Task<CodeAction?> FindAction(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        foreach (CodeFixProvider provider in NetDropAnalyzers.Fixes.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await provider.RegisterCodeFixesAsync(context);
        }

        return actions.FirstOrDefault();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
