using System;

namespace NetDrop.SpecSync.Headers;

/// <summary>
/// A header NetDrop cannot read: what is wrong, in which file and on which line, so the message can be
/// acted on without opening a debugger. Thrown before any spec is written.
/// </summary>
public sealed class HeaderFormatException : Exception
{
    public HeaderFormatException(string file, int line, string problem)
        : base(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The header, as given to the preprocessor.</summary>
    public string File { get; }

    /// <summary>The 1-based line in <see cref="File"/>, or 0 when the problem is the file as a whole.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }
}
