using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// A new directory only root can enter, for the harness's scratch files in /tmp and /dev/shm. The harness
/// runs as root in directories every user can write to: a fixed name (ndbench-PID) could be made first
/// by another user, as a symlink or a directory of theirs, and root would then write where they chose.
/// The name ends in random characters, and creating it fails when anything is already there.
/// </summary>
internal static class PrivateDirectory
{
    /// <summary>Makes <paramref name="root"/>/ndbench-PID-SUFFIX-RANDOM with mode 0700 and returns its path.</summary>
    public static string Create(string root, string suffix = "")
    {
        string name = LoadNetwork.Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture)
            + (suffix.Length > 0 ? "-" + suffix : string.Empty) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        string path = Path.Combine(root, name);
        if (NativeMethods.MakeDirectory(path, 0x1C0) != 0)
        {
            throw new HarnessException($"cannot make the scratch directory {path}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }

        return path;
    }
}
