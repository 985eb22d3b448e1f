using System;

namespace NetDrop.SpecSync.Specs;

/// <summary>A spec file sync cannot work on (not YAML, or not the shape of the spec it should be), with file and line.</summary>
public sealed class SpecFormatException : Exception
{
    public SpecFormatException(string file, int line, string problem)
        : base(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Line = line;
    }

    public string File { get; }

    public int Line { get; }
}
