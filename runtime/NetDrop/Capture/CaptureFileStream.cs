using System;
using System.IO;
using System.Runtime.InteropServices;
using NetDrop.Interop;

namespace NetDrop.Capture;

/// <summary>
/// Opens capture files for writing. Captures hold packet payloads (addresses, credentials in clear-text
/// protocols), so a file NetDrop creates is readable by its owner only (0600), and an existing regular file
/// it replaces is narrowed to 0600 as well; devices and pipes (/dev/null, a FIFO) are written as they are.
/// </summary>
public static class CaptureFileStream
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates or truncates <paramref name="path"/> for writing. The stream does no buffering of its own,
    /// so <see cref="PcapNgWriter"/>'s whole-block writes reach the file as they are.
    /// </summary>
    /// <exception cref="IOException">The file cannot be created (no such directory, a directory in the way).</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to create or replace the file.</exception>
    public static FileStream Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        var stream = new FileStream(path, options);
        try
        {
            if (OperatingSystem.IsLinux() && LibC.IsRegularFile(stream.SafeFileHandle)
                && (File.GetUnixFileMode(stream.SafeFileHandle) & ~OwnerOnly) != 0)
            {
                File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnly);
            }

            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
