using System;
using System.IO;

namespace NetDrop.Cli.Output;

/// <summary>
/// Standard output cannot take more: its reader closed the pipe (<see cref="IsBrokenPipe"/>: 'head',
/// 'jq' stopped early; the run ends quietly) or the write failed otherwise (a full disk: the run ends with an error).
/// </summary>
internal sealed class OutputClosedException(IOException inner, bool isBrokenPipe)
    : IOException("standard output: " + inner.Message, inner)
{
    public bool IsBrokenPipe { get; } = isBrokenPipe;
}
