using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using NetDrop.Analyzers.Tests.Builds;
using NetDrop.Analyzers.Tests.Verifiers;
using NetDrop.Tests.Corpus;
using Xunit.Abstractions;

namespace NetDrop.Analyzers.Tests;

/// <summary>
/// Every code fix applied, one at a time, to every corpus diagnostic it is offered on, and the corpus
/// compiled after each: a fix must change the code and must never add an error. The corpus compiles
/// without errors before, so any error after is the fix's.
/// </summary>
public sealed class CorpusCodeFixTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_fix_offered_on_the_corpus_leaves_it_compiling()
    {
        CorpusFile[] files = CorpusFile.ReadAll(CorpusTests.Directory);
        using var workspace = new AdhocWorkspace();
        Project project = AddCorpus(workspace, files);
        Compilation compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(Errors(compilation));

        ImmutableArray<Diagnostic> diagnostics = await NetDropAnalyzers.AnalyzeAsync(compilation);
        var applied = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var broken = new List<string>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            foreach (CodeFixProvider fix in NetDropAnalyzers.Fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                Document document = project.GetDocument(diagnostic.Location.SourceTree)!;
                foreach (CodeAction action in await Offered(fix, document, diagnostic))
                {
                    string where = $"{diagnostic.Id} {document.Name}:{diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1} '{action.Title}'";
                    Solution fixedSolution = await Apply(action, project.Solution);
                    Document fixedDocument = fixedSolution.GetDocument(document.Id)!;
                    SourceText before = await document.GetTextAsync();
                    SourceText after = await fixedDocument.GetTextAsync();
                    if (after.ContentEquals(before))
                    {
                        broken.Add($"{where}: changed nothing");
                        continue;
                    }

                    Diagnostic[] errors = Errors((await fixedDocument.Project.GetCompilationAsync())!);
                    if (errors.Length > 0)
                    {
                        broken.Add($"{where}: {errors.Length} errors, first {errors[0]}");
                    }

                    applied[diagnostic.Id] = applied.GetValueOrDefault(diagnostic.Id) + 1;
                }
            }
        }

        foreach ((string id, int count) in applied)
        {
            output.WriteLine($"{id}: {count} fixes applied and compiled");
        }

        broken.ForEach(output.WriteLine);
        Assert.True(broken.Count == 0, string.Join("\n", broken));

        // Each fix the package ships was offered somewhere in the corpus, so each was tried.
        foreach (CodeFixProvider fix in NetDropAnalyzers.Fixes)
        {
            Assert.True(fix.FixableDiagnosticIds.Any(applied.ContainsKey), $"{fix.GetType().Name} was offered on no corpus case");
        }
    }

    private static Project AddCorpus(AdhocWorkspace workspace, CorpusFile[] files)
    {
        var id = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            id, VersionStamp.Default, "Corpus", "Corpus", LanguageNames.CSharp,
            compilationOptions: TestReferences.CompilationOptions,
            parseOptions: TestReferences.ParseOptions,
            metadataReferences: TestReferences.WithRuntime));
        foreach (CorpusFile file in files)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(id), file.Name, SourceText.From(file.Source), filePath: file.Name);
        }

        return solution.GetProject(id)!;
    }

    private static async Task<List<CodeAction>> Offered(CodeFixProvider fix, Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions.SelectMany(a => a.NestedActions.IsDefaultOrEmpty ? [a] : a.NestedActions).ToList();
    }

    private static async Task<Solution> Apply(CodeAction action, Solution solution)
    {
        foreach (CodeActionOperation operation in await action.GetOperationsAsync(CancellationToken.None))
        {
            if (operation is ApplyChangesOperation changes)
            {
                return changes.ChangedSolution;
            }
        }

        return solution;
    }

    private static Diagnostic[] Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
}
