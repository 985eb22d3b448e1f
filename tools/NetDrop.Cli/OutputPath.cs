using System.IO;
using NetDrop.Files;

namespace NetDrop.Cli;

/// <summary>The checks of a file a command will create, made before it asks the kernel for anything.</summary>
internal static class OutputPath
{
    /// <summary>Why <paramref name="option"/> cannot write <paramref name="path"/>, or null when it can try.</summary>
    /// <remarks>
    /// Only a check: nothing is created or changed here. The file is opened once the source is open, and
    /// that open checks everything again on the descriptor (<see cref="SafeFile.CreateOutput"/>).
    /// </remarks>
    public static string? Problem(string option, string? path, string exampleName)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return $"{option} needs a file name";
        }

        if (Directory.Exists(path))
        {
            return $"{option}: '{path}' is a directory; give a file name such as {Path.Combine(path, exampleName)}";
        }

        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            return $"{option}: the directory '{directory}' does not exist";
        }

        // A link, a device or pipe, another user's file, a directory this user cannot write.
        return SafeFile.OutputProblem(path) is { } problem ? $"{option}: {problem}" : null;
    }
}
