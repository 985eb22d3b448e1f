using System;
using System.IO;
using NetDrop.Files;

namespace NetDrop.CaptureFiles;

/// <summary>
/// Opens capture files for writing. Captures hold packet payloads (addresses, credentials in clear-text
/// protocols), so a file NetDrop writes is readable by its owner only (0600), set on the open descriptor.
/// Only a regular file of the caller's is written: <see cref="SafeFile.CreateOutput"/> refuses links,
/// devices, pipes and other users' files.
/// </summary>
public static class CaptureFileStream
{
    /// <summary>
    /// Creates <paramref name="path"/>, or truncates it when it is the caller's own regular file, for
    /// writing. The stream does no buffering of its own, so <see cref="PcapNgWriter"/>'s whole-block writes
    /// reach the file as they are.
    /// </summary>
    /// <exception cref="UnusableFileException">The file cannot be created or must not be written; the message says why.</exception>
    public static FileStream Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SafeFile.CreateOutput(path);
    }
}
