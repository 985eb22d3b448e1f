using System;
using System.Diagnostics;
using System.IO;

namespace NetDrop.SpecSync;

/// <summary>
/// How SpecSync reads headers and specs, writes specs and starts the C preprocessor. The netdrop
/// command, which may run as root or with capabilities, sets these to NetDrop.Files' SafeFile and
/// UserProcess (the user's own rights; no link, device or other user's file written; a spec replaced by
/// a rename; no ambient capability passed to the preprocessor). The defaults serve the build-time
/// check, which runs as the user who builds, without capabilities, and writes nothing.
/// </summary>
/// <remarks>
/// A setting rather than a reference: the NetDrop package ships this tool, so it cannot reference the
/// NetDrop library that holds SafeFile.
/// </remarks>
internal static class SpecSyncHost
{
    /// <summary>Reads a whole text file; throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</summary>
    public static Func<string, string> ReadText { get; set; } = File.ReadAllText;

    /// <summary>Replaces a text file with new contents; throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</summary>
    public static Action<string, string> ReplaceText { get; set; } = File.WriteAllText;

    /// <summary>Starts a process; throws <see cref="System.ComponentModel.Win32Exception"/> when it cannot.</summary>
    public static Func<ProcessStartInfo, Process?> StartProcess { get; set; } = Process.Start;
}
