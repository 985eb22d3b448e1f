using System.IO;

namespace NetDrop.Cli;

/// <summary>The checks of a file a command will create, made before it asks the kernel for anything.</summary>
internal static class OutputPath
{
    /// <summary>Why <paramref name="option"/> cannot write <paramref name="path"/>, or null when it can try.</summary>
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
        return directory is not null && !Directory.Exists(directory) ? $"{option}: the directory '{directory}' does not exist" : null;
    }
}
