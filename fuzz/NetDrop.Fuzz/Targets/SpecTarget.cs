using System;
using System.Text;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Emit;
using NetDrop.Generators.Parsing;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// Spec YAML files through the generator's <see cref="SpecParser"/> and, when they parse, its emitter.
/// A bad spec must give diagnostics that point inside the file, never ND0010 (the parser's own failure,
/// which it reports instead of throwing), and a spec that parses must emit without throwing. A spec within
/// the limits of <see cref="SpecLimits"/> only parses: an alias bomb is ND0012, found before loading.
/// </summary>
internal sealed class SpecTarget : FuzzTarget
{
    private const string Path = "fuzz.yaml";

    public override string Name => "spec";

    public override string Description => "spec YAML files (the generator's SpecParser and SpecEmitter)";

    public override void Run(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        SpecParseResult result = SpecParser.Parse(Path, text, "Fuzz.Specs");
        foreach (DiagnosticInfo diagnostic in result.Diagnostics)
        {
            if (diagnostic.Id == DiagnosticDescriptors.GeneratorFailure.Id)
            {
                throw new InvariantViolationException($"the spec parser failed ({diagnostic.Id}): {string.Join("; ", diagnostic.Arguments)}");
            }

            SpecLocation at = diagnostic.Location;
            Invariants.That(at.Start >= 0 && at.Start <= at.End && at.End <= text.Length, $"{diagnostic.Id} points at {at.Start}..{at.End} of a {text.Length}-character file");
            Invariants.That(at.StartLine >= 0 && at.StartColumn >= 0 && at.EndLine >= at.StartLine, $"{diagnostic.Id} points at line {at.StartLine}:{at.StartColumn}..{at.EndLine}:{at.EndColumn}");
            diagnostic.ToDiagnostic();
        }

        Invariants.That(result.Model is null || result.Diagnostics.Count == 0, "a spec with errors produced a model");
        if (result.Model is not null)
        {
            Invariants.That(text.Length <= SpecLimits.MaxLength, $"a {text.Length}-character spec parsed");
            SpecEmitter.Emit(result.Model);
        }
    }
}
