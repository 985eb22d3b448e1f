using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NetDrop.Generators.Tests;

/// <summary>What one run of the spec generator gave, and the compilation of its output.</summary>
/// <param name="Sources">Generated text by hint name (net_dm.Attributes.g.cs), in ordinal order.</param>
/// <param name="GeneratorDiagnostics">What the generator reported (ND0001…).</param>
/// <param name="CompilationDiagnostics">Warnings and errors of the input compilation plus the generated code.</param>
/// <param name="GeneratorException">What the generator threw, if it did (Roslyn turns that into CS8785).</param>
internal sealed record GeneratorRun(
    IReadOnlyDictionary<string, string> Sources,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompilationDiagnostics,
    Exception? GeneratorException,
    GeneratorDriver Driver,
    Compilation OutputCompilation);
