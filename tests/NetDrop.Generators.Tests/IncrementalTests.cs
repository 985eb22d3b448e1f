using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetDrop.Generators.Tests;

/// <summary>
/// The pipeline's promise: editing C# does not re-run spec parsing or emission, and editing a spec
/// re-runs only what depends on what changed. Checked with Roslyn's step tracking.
/// </summary>
public sealed class IncrementalTests
{
    private static readonly string[] TrackedSteps =
    {
        SpecGenerator.TrackingNames.Files,
        SpecGenerator.TrackingNames.Parse,
        SpecGenerator.TrackingNames.Models,
        SpecGenerator.TrackingNames.Diagnostics,
    };

    private const string Program = """
        namespace App;

        public static class Program
        {
            public static int Answer => 42;
        }
        """;

    [Fact]
    public void The_first_run_tracks_every_step_as_new()
    {
        (GeneratorDriver driver, _, _) = RunOnce();

        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        foreach (string step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"Step {step} is not tracked.");
            Assert.All(Outputs(result, step), reason => Assert.Equal(IncrementalStepRunReason.New, reason));
        }
    }

    [Fact]
    public void Changing_a_csharp_file_reuses_every_step()
    {
        (GeneratorDriver driver, CSharpCompilation compilation, _) = RunOnce();
        SyntaxTree program = compilation.SyntaxTrees.Single();

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            program,
            GeneratorHarness.ParseCSharp(Program.Replace("42", "43", StringComparison.Ordinal), program.FilePath));
        driver = driver.RunGenerators(edited);

        AssertNothingRecomputed(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void Adding_a_csharp_file_reuses_every_step()
    {
        (GeneratorDriver driver, CSharpCompilation compilation, _) = RunOnce();

        CSharpCompilation edited = compilation.AddSyntaxTrees(
            GeneratorHarness.ParseCSharp("namespace App;\n\ninternal static class More\n{\n}\n", "More.cs"));
        driver = driver.RunGenerators(edited);

        AssertNothingRecomputed(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void Changing_a_doc_string_re_parses_the_spec()
    {
        (GeneratorDriver driver, CSharpCompilation compilation, InMemoryAdditionalText spec) = RunOnce();
        string text = spec.GetText().ToString();
        const string doc = "doc: How dropped packets are reported to user space.";
        Assert.Contains(doc, text);

        driver = driver.ReplaceAdditionalText(spec, new InMemoryAdditionalText(spec.Path, text.Replace(doc, "doc: How drops are reported.", StringComparison.Ordinal)));
        driver = driver.RunGenerators(compilation);

        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(result, SpecGenerator.TrackingNames.Parse)));
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(result, SpecGenerator.TrackingNames.Models)));

        // Still no errors, and an equal empty list of them: nothing to report again.
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(Outputs(result, SpecGenerator.TrackingNames.Diagnostics)));
        Assert.Contains("How drops are reported.", result.GeneratedSources.Single(s => s.HintName == "net_dm.Definitions.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Adding_a_yaml_comment_re_parses_to_an_equal_model_and_emits_nothing_new()
    {
        (GeneratorDriver driver, CSharpCompilation compilation, InMemoryAdditionalText spec) = RunOnce();

        driver = driver.ReplaceAdditionalText(spec, new InMemoryAdditionalText(spec.Path, spec.GetText().ToString() + "\n# A comment changes the text, not the model.\n"));
        driver = driver.RunGenerators(compilation);

        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(result, SpecGenerator.TrackingNames.Files)));
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(Outputs(result, SpecGenerator.TrackingNames.Parse)));
        Assert.All(Outputs(result, SpecGenerator.TrackingNames.Models), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation, InMemoryAdditionalText Spec) RunOnce()
    {
        SpecInput input = SpecInput.FromRepository("net_dm.yaml", "Test.NetDm");
        var spec = new InMemoryAdditionalText(input.Path, input.Text);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(
            new AdditionalText[] { spec },
            new Dictionary<string, string?> { [input.Path] = input.Namespace });
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Program);
        driver = driver.RunGenerators(compilation);
        Assert.NotEmpty(driver.GetRunResult().Results.Single().GeneratedSources);
        return (driver, compilation, spec);
    }

    private static void AssertNothingRecomputed(GeneratorRunResult result)
    {
        Assert.Null(result.Exception);
        foreach (string step in TrackedSteps)
        {
            IReadOnlyList<IncrementalStepRunReason> reasons = Outputs(result, step);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"Step {step} output was {reason}."));
        }

        // And so the source outputs are the cached ones too.
        Assert.All(
            result.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    private static IReadOnlyList<IncrementalStepRunReason> Outputs(GeneratorRunResult result, string step)
    {
        Assert.True(result.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> runs), $"Step {step} is not tracked.");
        return runs.SelectMany(run => run.Outputs).Select(output => output.Reason).ToList();
    }
}
