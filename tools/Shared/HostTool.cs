using System;
using System.IO;

namespace NetDrop.Shared;

/// <summary>
/// Whether a host tool (nft, tshark, tcpdump) is installed, found the way running it finds it: on PATH.
/// The demo and every test that needs a tool ask this one place, so a machine without the tool (or a PATH
/// without it) makes them skip that part and name the package, never fail on the exec.
/// </summary>
internal static class HostTool
{
    /// <summary>The full path of <paramref name="name"/> on PATH, or null when no directory on PATH has it as an executable file.</summary>
    public static string? Find(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (string directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="name"/> is on PATH.</summary>
    public static bool Exists(string name) => Find(name) is not null;
}
