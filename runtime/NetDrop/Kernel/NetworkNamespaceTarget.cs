using System;
using System.Globalization;
using System.IO;
using System.Threading;
using NetDrop.Interop;

namespace NetDrop.Kernel;

/// <summary>
/// A network namespace picked by name, file or inode, as the inode drops carry, and optionally an
/// interface's index inside it. Names are looked up under <see cref="NetworkNamespaceEntry.NamedDirectory"/>
/// without following a link (a name there is a bind mount of the namespace, never a link); a path is
/// opened as given (/proc/PID/ns/net is a link the user names on purpose). Interface indexes are asked
/// of the namespace itself, from a thread of its own that enters it and ends.
/// </summary>
public sealed record NetworkNamespaceTarget(uint Inode, int? InterfaceIndex)
{
    /// <summary>Finds the namespace and the interface.</summary>
    /// <param name="namespaceSpec">A name (ip netns list), a path to a namespace file, an inode number, or null for this process's namespace.</param>
    /// <param name="interfaceName">An interface name to look up in that namespace, or null.</param>
    /// <exception cref="NetworkNamespaceException">Either cannot be found or used; the message says which and why.</exception>
    public static NetworkNamespaceTarget Resolve(string? namespaceSpec, string? interfaceName)
    {
        if (interfaceName is not null && (interfaceName.Length is 0 or >= LibC.IFNAMSIZ || interfaceName is "." or ".."
            || interfaceName.AsSpan().IndexOfAny("/:\0") >= 0 || HasSpaceOrControl(interfaceName)))
        {
            throw new NetworkNamespaceException($"'{TerminalText.Escape(interfaceName)}' is not an interface name (1 to 15 characters, no '/', ':' or spaces)", Errno.None);
        }

        if (namespaceSpec is not null && namespaceSpec.Length > 0 && namespaceSpec.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            if (!uint.TryParse(namespaceSpec, NumberStyles.None, CultureInfo.InvariantCulture, out uint inode) || inode == 0)
            {
                throw new NetworkNamespaceException($"{namespaceSpec} is not a namespace inode (1 to {uint.MaxValue})", Errno.None);
            }

            if (interfaceName is not null)
            {
                throw new NetworkNamespaceException("an interface cannot be looked up in a namespace given by its inode; name the namespace (ip netns list) or its file (/proc/PID/ns/net)", Errno.None);
            }

            return new NetworkNamespaceTarget(inode, null);
        }

        int fd;
        string what;
        if (namespaceSpec is null)
        {
            what = "this process's network namespace";
            fd = LibC.Open("/proc/thread-self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC);
        }
        else if (namespaceSpec.Contains('/'))
        {
            what = namespaceSpec;
            fd = LibC.Open(namespaceSpec, LibC.O_RDONLY | LibC.O_CLOEXEC);
        }
        else
        {
            if (namespaceSpec.Length is 0 or > 255 || namespaceSpec is "." or ".." || namespaceSpec.Contains('\0') || HasSpaceOrControl(namespaceSpec))
            {
                throw new NetworkNamespaceException($"'{TerminalText.Escape(namespaceSpec)}' is not a network namespace name: give a name as 'ip netns list' shows it, a path, or an inode", Errno.None);
            }

            what = "the network namespace " + namespaceSpec;
            fd = LibC.Open(Path.Combine(NetworkNamespaceEntry.NamedDirectory, namespaceSpec), LibC.O_RDONLY | LibC.O_CLOEXEC | LibC.O_NOFOLLOW);
        }

        if (fd < 0)
        {
            Errno errno = LibC.LastError;
            string hint = errno switch
            {
                Errno.ENOENT => "; 'ip netns list' shows the namespaces there are",
                Errno.ELOOP => $": it is a symbolic link, and names in {NetworkNamespaceEntry.NamedDirectory} are followed no further",
                _ => "",
            };
            throw new NetworkNamespaceException($"cannot open {TerminalText.Escape(what)}: {errno.Name()} ({errno.Description()}){hint}", errno);
        }

        using var ns = new FileDescriptor(fd);
        return Inside(ns, what, interfaceName);
    }

    /// <summary>Enters the namespace on a thread that then ends (setns changes that thread only), and asks there.</summary>
    private static NetworkNamespaceTarget Inside(FileDescriptor ns, string what, string? interfaceName)
    {
        NetworkNamespaceTarget? found = null;
        NetworkNamespaceException? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                if (LibC.SetNs(ns.Value, LibC.CLONE_NEWNET) != 0)
                {
                    Errno errno = LibC.LastError;
                    string hint = errno switch
                    {
                        Errno.EINVAL => ": it is not a network namespace",
                        Errno.EPERM => ": entering a network namespace needs CAP_SYS_ADMIN; run as root",
                        _ => "",
                    };
                    throw new NetworkNamespaceException($"cannot enter {TerminalText.Escape(what)}: setns failed with {errno.Name()} ({errno.Description()}){hint}", errno);
                }

                uint inode = ThreadNamespaceInode();
                int? index = null;
                if (interfaceName is not null)
                {
                    uint number = LibC.IfNameToIndex(interfaceName);
                    if (number == 0)
                    {
                        throw new NetworkNamespaceException($"there is no interface {TerminalText.Escape(interfaceName)} in {TerminalText.Escape(what)} ('ip link' there lists them)", LibC.LastError);
                    }

                    index = (int)number;
                }

                found = new NetworkNamespaceTarget(inode, index);
            }
            catch (NetworkNamespaceException e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "netdrop netns lookup" };
        thread.Start();
        thread.Join();
        return found ?? throw failure!;
    }

    /// <summary>The inode of the calling thread's namespace, from its link's text ("net:[4026531840]").</summary>
    private static uint ThreadNamespaceInode()
    {
        string? link = new FileInfo("/proc/thread-self/ns/net").LinkTarget;
        if (link is not null && link.StartsWith("net:[", StringComparison.Ordinal) && link.EndsWith(']')
            && uint.TryParse(link.AsSpan(5, link.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out uint inode))
        {
            return inode;
        }

        throw new NetworkNamespaceException($"/proc/thread-self/ns/net reads '{TerminalText.Escape(link ?? "")}', not net:[inode]", Errno.None);
    }

    private static bool HasSpaceOrControl(string text)
    {
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
