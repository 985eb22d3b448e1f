using System;

namespace NetDrop.Tests.Cli;

/// <summary>What one `netdrop read` run printed and returned.</summary>
internal sealed record ReadResult(int ExitCode, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
