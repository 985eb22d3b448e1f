using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;
using NetDrop.Interop;

namespace NetDrop.Files;

/// <summary>
/// Every file NetDrop opens on a user's behalf, to write (captures, <c>watch --write</c>, specs and docs)
/// or to read (capture files, kallsyms, specs and headers). NetDrop runs as root or with capabilities,
/// and the files are named by a user, often in a directory other users can write, so:
/// <list type="bullet">
/// <item>files are opened with the rights of the user who ran NetDrop (<see cref="CallerRights"/>), so a
/// capability given for tracefs or packet sockets never widens file access;</item>
/// <item>only regular files are read or written: a directory, device, pipe or socket is refused, and
/// O_NONBLOCK keeps a FIFO from blocking the open;</item>
/// <item>a file written is never reached through a symbolic link (O_NOFOLLOW), never another user's, and
/// never one with other names (hard links); its mode is set on the open descriptor;</item>
/// <item>an existing file is changed only once it is open and checked: a capture file is truncated then
/// (as tcpdump does), a spec or doc is replaced whole by a rename of a new file.</item>
/// </list>
/// </summary>
public static class SafeFile
{
    /// <summary>The mode of capture files: they hold packet payloads, so only their owner reads them.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The mode of a new spec or doc file, less the umask.</summary>
    private const uint NewTextMode = 0x1A4; // 0644

    /// <summary>
    /// Creates <paramref name="path"/>, or truncates it when it is a regular file of the caller's with one
    /// name, for writing with mode 0600. The stream does no buffering of its own.
    /// </summary>
    /// <exception cref="UnusableFileException">The file cannot be created or must not be written; the message says why.</exception>
    public static FileStream CreateOutput(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using CallerRights rights = CallerRights.Enter();
        CheckExistingTarget(path, "write");

        // O_EXCL first, to know whether the file is new; O_NONBLOCK so a FIFO put in its place cannot block.
        int common = LibC.O_WRONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC;
        bool created = true;
        int fd = LibC.Open(path, common | LibC.O_CREAT | LibC.O_EXCL, (uint)OwnerOnly);
        Errno errno = fd < 0 ? LibC.LastError : Errno.None;
        if (errno == Errno.EEXIST)
        {
            created = false;
            fd = LibC.Open(path, common, 0);
            errno = fd < 0 ? LibC.LastError : Errno.None;
        }

        if (fd < 0)
        {
            throw OpenFailure(path, "create", errno);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            // Checked again on the descriptor: the path may have changed since it was looked at.
            CheckWritable(path, fd, "write");
            if (!created && LibC.FTruncate(fd, 0) != 0)
            {
                throw OpenFailure(path, "truncate", LibC.LastError);
            }

            if (LibC.FChmod(fd, (uint)OwnerOnly) != 0)
            {
                throw OpenFailure(path, "set the mode of", LibC.LastError);
            }

            return new FileStream(handle, FileAccess.Write, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Why <see cref="CreateOutput"/> would refuse <paramref name="path"/>, or null when it can try: the same
    /// checks, and whether the caller may write there, without creating or changing anything.
    /// </summary>
    public static string? OutputProblem(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using CallerRights rights = CallerRights.Enter();
        try
        {
            bool exists = CheckExistingTarget(path, "write");
            string target = exists ? path : DirectoryOf(path);
            int mode = exists ? LibC.W_OK : LibC.W_OK | LibC.X_OK;
            if (LibC.FAccessAt(LibC.AT_FDCWD, target, mode, LibC.AT_EACCESS) != 0)
            {
                throw OpenFailure(path, "create", LibC.LastError);
            }

            return null;
        }
        catch (UnusableFileException e)
        {
            return e.Message;
        }
    }

    /// <summary>Opens <paramref name="path"/>, a regular file, for reading with the caller's rights.</summary>
    /// <exception cref="UnusableFileException">The file cannot be opened or is not a regular file.</exception>
    public static FileStream OpenInput(string path, int bufferSize = 4096)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int fd;
        using (CallerRights.Enter())
        {
            // Looked at before the open too: opening a device can itself do something (a tape rewinds).
            if (LibC.StatusOfPath(path, out LibC.FileStatus before) == 0 && before.Type != LibC.S_IFREG)
            {
                throw NotRegular(path, before.Type, "read");
            }

            fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC, 0);
            if (fd < 0)
            {
                throw OpenFailure(path, "open", LibC.LastError);
            }
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            Errno errno = LibC.StatusOf(fd, out LibC.FileStatus status);
            if (errno != Errno.None)
            {
                throw OpenFailure(path, "open", errno);
            }

            if (status.Type != LibC.S_IFREG)
            {
                throw NotRegular(path, status.Type, "read");
            }

            return new FileStream(handle, FileAccess.Read, bufferSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The text of <paramref name="path"/> (UTF-8, or what its byte order mark says), read as <see cref="OpenInput"/> opens it.</summary>
    public static string ReadAllText(string path)
    {
        using FileStream stream = OpenInput(path);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8) at once: a new file is written
    /// beside it (O_EXCL, O_NOFOLLOW), given the old file's permission bits (0644 for a new one) and renamed
    /// over it, so a reader sees the old file or the new one, never half of one, and a link at
    /// <paramref name="path"/> is never written through.
    /// </summary>
    /// <exception cref="UnusableFileException">The file cannot or must not be replaced; nothing was changed.</exception>
    public static void ReplaceText(string path, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = new UTF8Encoding(false).GetBytes(text);
        using CallerRights rights = CallerRights.Enter();
        // A new file gets 0644 less the umask, from open(2); a replaced one keeps its permission bits.
        uint? keep = null;
        if (CheckExistingTarget(path, "replace") && LibC.StatusOfLink(path, out LibC.FileStatus old) == 0)
        {
            keep = (uint)old.Permissions;
        }

        string temporary = Path.Combine(DirectoryOf(path), "." + Path.GetFileName(path) + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)) + ".tmp");
        int fd = LibC.Open(temporary, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW | LibC.O_NOCTTY | LibC.O_CLOEXEC, NewTextMode);
        if (fd < 0)
        {
            throw OpenFailure(path, "replace", LibC.LastError, "writing a new file beside it");
        }

        bool renamed = false;
        try
        {
            using (var handle = new SafeFileHandle(fd, ownsHandle: true))
            {
                if (keep is { } mode && LibC.FChmod(fd, mode) != 0)
                {
                    throw OpenFailure(path, "replace", LibC.LastError, "setting the mode");
                }

                WriteAll(path, fd, bytes);
                if (LibC.FSync(fd) != 0)
                {
                    throw OpenFailure(path, "replace", LibC.LastError, "flushing the new file");
                }
            }

            if (LibC.Rename(temporary, path) != 0)
            {
                throw OpenFailure(path, "replace", LibC.LastError, "renaming the new file over it");
            }

            renamed = true;
        }
        finally
        {
            if (!renamed)
            {
                LibC.Unlink(temporary);
            }
        }
    }

    private static unsafe void WriteAll(string path, int fd, byte[] bytes)
    {
        fixed (byte* start = bytes)
        {
            nint done = 0;
            while (done < bytes.Length)
            {
                nint written = LibC.Write(fd, start + done, bytes.Length - done);
                if (written < 0)
                {
                    Errno errno = LibC.LastError;
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    throw OpenFailure(path, "replace", errno, "writing the new file");
                }

                done += written;
            }
        }
    }

    /// <summary>Refuses what is at <paramref name="path"/> when it must not be written; true when a file is there.</summary>
    private static bool CheckExistingTarget(string path, string verb)
    {
        Errno errno = LibC.StatusOfLink(path, out LibC.FileStatus status);
        if (errno == Errno.ENOENT)
        {
            return false;
        }

        if (errno != Errno.None)
        {
            throw OpenFailure(path, verb, errno);
        }

        if (status.Type == LibC.S_IFLNK)
        {
            throw Link(path, verb);
        }

        Check(path, status, verb);
        return true;
    }

    private static void CheckWritable(string path, int fd, string verb)
    {
        Errno errno = LibC.StatusOf(fd, out LibC.FileStatus status);
        if (errno != Errno.None)
        {
            throw OpenFailure(path, verb, errno);
        }

        Check(path, status, verb);
    }

    private static void Check(string path, LibC.FileStatus status, string verb)
    {
        if (status.Type != LibC.S_IFREG)
        {
            throw NotRegular(path, status.Type, verb);
        }

        uint caller = LibC.GetEffectiveUid();
        if (status.Uid != caller)
        {
            throw new UnusableFileException(path, 0,
                $"will not {verb} {path}: it belongs to uid {status.Uid}, not to this user (uid {caller}), and NetDrop does not take over another user's file; remove it or give another name");
        }

        if (status.Links > 1)
        {
            throw new UnusableFileException(path, 0,
                $"will not {verb} {path}: it has {status.Links} hard links, so writing it would change the other names too; remove it or give another name");
        }
    }

    private static UnusableFileException Link(string path, string verb) =>
        new(path, Errno.ELOOP, $"will not {verb} {path}: it is a symbolic link (ELOOP), and NetDrop does not write through links; remove it or give another name");

    private static UnusableFileException NotRegular(string path, int type, string verb)
    {
        if (type == LibC.S_IFDIR)
        {
            return new(path, Errno.EISDIR, $"cannot {verb} {path}: it is a directory (EISDIR); give a file");
        }

        string what = type switch
        {
            LibC.S_IFIFO => "a FIFO",
            LibC.S_IFCHR => "a character device",
            LibC.S_IFBLK => "a block device",
            LibC.S_IFSOCK => "a socket",
            LibC.S_IFLNK => "a symbolic link",
            _ => "not a regular file",
        };
        return new(path, 0, $"will not {verb} {path}: it is {what}, and NetDrop {(verb == "read" ? "reads" : "writes")} regular files only");
    }

    private static UnusableFileException OpenFailure(string path, string verb, Errno errno, string? step = null)
    {
        if (errno == Errno.ELOOP && step is null && verb != "open")
        {
            return Link(path, verb);
        }

        string during = step is null ? "" : $" ({step})";
        return new(path, errno, $"cannot {verb} {path}{during}: {errno.Name()} ({errno.Description()})");
    }

    private static string DirectoryOf(string path) => Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
}
