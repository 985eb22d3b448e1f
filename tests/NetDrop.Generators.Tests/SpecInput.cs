using System;
using System.IO;

namespace NetDrop.Generators.Tests;

/// <summary>One spec handed to the generator: its path, its text, and its NetDropNamespace metadata (null: none).</summary>
internal sealed record SpecInput(string Path, string Text, string? Namespace)
{
    /// <summary>A spec from the repository's specs folder, as copied to the test output (specs/kernel/nlctrl.yaml → "kernel/nlctrl.yaml").</summary>
    public static SpecInput FromRepository(string relativePath, string? @namespace)
    {
        string path = System.IO.Path.Combine(AppContext.BaseDirectory, "specs", relativePath);
        return new SpecInput(path, File.ReadAllText(path), @namespace);
    }

    /// <summary>An inline spec; the path only has to be unique and end in .yaml.</summary>
    public static SpecInput Inline(string text, string? @namespace = "Test.Specs", string path = "/specs/test.yaml") =>
        new(path, text, @namespace);
}
