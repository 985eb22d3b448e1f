using System;
using NetDrop.Interop;

namespace NetDrop.Kernel;

/// <summary>
/// The calling thread inside a network namespace until disposed, then back in the one it came from.
/// setns changes only the calling thread, so a socket created in between belongs to that namespace
/// for its whole life, wherever it is read from; the thread's id is what tracefs records as
/// common_pid for drops its sends cause. Dispose on the thread that entered.
/// </summary>
public sealed class NetworkNamespaceEntry : IDisposable
{
    /// <summary>Where <c>ip netns add NAME</c> keeps its namespaces.</summary>
    public const string NamedDirectory = "/var/run/netns";

    private readonly FileDescriptor _original;
    private bool _disposed;

    private NetworkNamespaceEntry(FileDescriptor original, string path)
    {
        _original = original;
        Path = path;
        ThreadId = LibC.GetTid();
    }

    /// <summary>The namespace file the thread entered.</summary>
    public string Path { get; }

    /// <summary>The entering thread's id (gettid), common_pid in tracefs.</summary>
    public int ThreadId { get; }

    /// <summary>Enters the namespace <c>ip netns</c> knows as <paramref name="name"/>.</summary>
    /// <exception cref="NetworkNamespaceException">The name is not a plain file name, or the namespace cannot be entered.</exception>
    public static NetworkNamespaceEntry EnterNamed(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 255 || name is "." or ".." || name.AsSpan().IndexOfAny('/', '\0') >= 0)
        {
            throw new NetworkNamespaceException($"'{TerminalText.Escape(name)}' is not a network namespace name: give a name as 'ip netns list' shows it", Errno.None);
        }

        return Enter(System.IO.Path.Combine(NamedDirectory, name));
    }

    /// <summary>Enters the network namespace whose file is <paramref name="path"/> (/var/run/netns/NAME, /proc/PID/ns/net).</summary>
    /// <exception cref="NetworkNamespaceException">The file cannot be opened, or is not a network namespace, or this thread may not enter it.</exception>
    public static NetworkNamespaceEntry Enter(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileDescriptor original = Open("/proc/thread-self/ns/net", "this thread's own network namespace");
        try
        {
            using (FileDescriptor target = Open(path, path))
            {
                Switch(target, path);
            }

            return new NetworkNamespaceEntry(original, path);
        }
        catch
        {
            original.Dispose();
            throw;
        }
    }

    /// <summary>Puts the thread back into the namespace it was in before.</summary>
    /// <exception cref="NetworkNamespaceException">The kernel refused the way back; the thread stays where it is.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using (_original)
        {
            Switch(_original, "this thread's own network namespace");
        }
    }

    private static FileDescriptor Open(string path, string what)
    {
        int fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            Errno errno = LibC.LastError;
            throw new NetworkNamespaceException(
                $"cannot open {TerminalText.Escape(what)}: {errno.Name()} ({errno.Description()})" + (errno == Errno.ENOENT ? "; 'ip netns list' shows the namespaces there are" : ""), errno);
        }

        return new FileDescriptor(fd);
    }

    private static void Switch(FileDescriptor ns, string what)
    {
        if (LibC.SetNs(ns.Value, LibC.CLONE_NEWNET) != 0)
        {
            Errno errno = LibC.LastError;
            string hint = errno switch
            {
                Errno.EPERM => ": entering a network namespace needs CAP_SYS_ADMIN; run as root",
                Errno.EINVAL => ": it is not a network namespace",
                _ => "",
            };
            throw new NetworkNamespaceException($"cannot enter {TerminalText.Escape(what)}: setns failed with {errno.Name()} ({errno.Description()}){hint}", errno);
        }
    }
}
