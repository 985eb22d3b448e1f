using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NetDrop.Generators.Emit;
using NetDrop.Generators.Parsing;

namespace NetDrop.Generators.Tests;

/// <summary>
/// The Scriban templates behind the emitter: no loop limit cuts a long spec short, and the parsed
/// templates and per-thread contexts give the same text when the compiler runs generators in parallel.
/// </summary>
public sealed class TemplateEmitterTests
{
    [Fact]
    public void An_enum_longer_than_scribans_default_loop_limit_is_emitted_whole()
    {
        // Scriban stops a loop after 1000 iterations unless told otherwise.
        const int count = 2500;
        var spec = new StringBuilder("name: test\nprotocol: genetlink\ndefinitions:\n  -\n    name: big\n    type: enum\n    entries:\n");
        for (int i = 0; i < count; i++)
        {
            spec.Append("      - e").Append(i).Append('\n');
        }

        GeneratorRun run = GeneratorHarness.Run(SpecInput.Inline(spec.ToString()));

        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics.Select(d => d.ToString())));
        string source = run.Sources["test.Definitions.g.cs"];
        Assert.Contains($"E{count - 1} = {count - 1},", source, StringComparison.Ordinal);
        Assert.Equal(count, source.Split('\n').Count(line => line.StartsWith("    E", StringComparison.Ordinal)));
    }

    [Fact]
    public void Rendering_on_many_threads_at_once_gives_the_same_text()
    {
        var models = new[] { "net_dm.yaml", "af_packet.yaml", "drop_reasons.yaml", "kernel/devlink.yaml" }
            .Select(file => SpecInput.FromRepository(file, "Parallel.Specs"))
            .Select(input => SpecParser.Parse(input.Path, input.Text, input.Namespace!).Model!)
            .ToArray();
        IReadOnlyList<KeyValuePair<string, string>>[] expected = models.Select(SpecEmitter.Emit).ToArray();

        var results = new IReadOnlyList<KeyValuePair<string, string>>[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = SpecEmitter.Emit(models[i % models.Length]));

        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % models.Length], results[i]);
        }
    }

    [Fact]
    public void Generated_text_has_only_line_feeds()
    {
        GeneratorRun run = GeneratorHarness.Run(SpecInput.FromRepository("net_dm.yaml", "NetDrop.NetDm"), SpecInput.FromRepository("af_packet.yaml", "NetDrop.Packet"));

        Assert.NotEmpty(run.Sources);
        Assert.All(run.Sources.Values, source => Assert.DoesNotContain('\r', source));
    }
}
