using System.IO;
using NetDrop.Interop;

namespace NetDrop.Files;

/// <summary>
/// A file NetDrop was asked to read or write that it cannot or will not use: the kernel refused it
/// (<see cref="Errno"/> says why), or it is a link, a directory, a device or pipe, or another user's
/// file. The message is one line that names the file, and the errno when the kernel gave one.
/// </summary>
public sealed class UnusableFileException : IOException
{
    public UnusableFileException(string path, Errno errno, string message)
        : base(message, (int)errno)
    {
        Path = path;
        Errno = errno;
    }

    /// <summary>The file, as it was given.</summary>
    public string Path { get; }

    /// <summary>The errno the kernel returned, or <see cref="Errno.None"/> when a check of NetDrop's refused the file.</summary>
    public Errno Errno { get; }

    /// <summary>The kernel says the file does not exist (ENOENT).</summary>
    public bool IsMissing => Errno == Errno.ENOENT;
}
