using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// Runs code on a thread of its own that has entered a network namespace (setns changes only the
/// calling thread), so sockets it creates live in that namespace. Its thread id is what tracefs
/// records as common_pid for drops that happen while it sends.
/// </summary>
internal static partial class NamespaceThread
{
    private const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int type);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    /// <summary>Starts <paramref name="body"/> inside <paramref name="ns"/>; it gets its own thread id.</summary>
    public static Thread Start(NetworkNamespace ns, Action<int> body, out Func<Exception?> failure)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle("/var/run/netns/" + ns.Name);
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new IOException("setns failed: errno " + Marshal.GetLastPInvokeError());
                }

                body(GetTid());
            }
            catch (Exception exception)
            {
                error = exception;
            }
        });
        thread.Start();
        failure = () => error;
        return thread;
    }
}
