using System;
using System.IO;
using System.Runtime.InteropServices;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// Puts the calling thread into a named network namespace until disposed, then back into its own.
/// A socket belongs to the namespace it was created in, so a capture opened inside stays there
/// while the thread reads it from anywhere; setns changes only the calling thread.
/// </summary>
internal sealed partial class NamespaceEntry : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private readonly SafeHandle _original;

    private NamespaceEntry(SafeHandle original) => _original = original;

    public static NamespaceEntry Enter(string name)
    {
        SafeHandle original = File.OpenHandle("/proc/thread-self/ns/net");
        try
        {
            using SafeHandle target = File.OpenHandle("/var/run/netns/" + name);
            Switch(target, name);
            return new NamespaceEntry(original);
        }
        catch
        {
            original.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Switch(_original, "this thread's own");
        _original.Dispose();
    }

    private static void Switch(SafeHandle ns, string name)
    {
        if (SetNs((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new HarnessException($"setns into the {name} network namespace failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int type);
}
