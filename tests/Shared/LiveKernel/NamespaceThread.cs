using System;
using System.Threading;
using NetDrop.Kernel;

namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// Runs code on a thread of its own that has entered a network namespace (setns changes only the
/// calling thread), so sockets it creates live in that namespace. Its thread id is what tracefs
/// records as common_pid for drops that happen while it sends.
/// </summary>
internal static class NamespaceThread
{
    /// <summary>Starts <paramref name="body"/> inside <paramref name="ns"/>; it gets its own thread id.</summary>
    public static Thread Start(NetworkNamespace ns, Action<int> body, out Func<Exception?> failure)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using NetworkNamespaceEntry entry = NetworkNamespaceEntry.EnterNamed(ns.Name);
                body(entry.ThreadId);
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
