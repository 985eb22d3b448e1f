using System;
using System.IO;
using System.Threading;

namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// An exclusive lock on a file in /tmp held while a test assembly runs its live kernel tests, so that the live
/// tests of two assemblies never count each other's drops. An open with FileShare.None is an exclusive lock
/// between .NET processes on Linux (the runtime takes a flock), and the kernel drops it if the process dies.
/// </summary>
public sealed class LiveKernelLock : IDisposable
{
    private const string HeldVariable = "NETDROP_LIVE_KERNEL_LOCK_HELD";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(20);
    private readonly FileStream? _lock;

    public LiveKernelLock()
    {
        if (Environment.GetEnvironmentVariable(HeldVariable) == "1")
        {
            return;
        }

        string path = Path.Combine(Path.GetTempPath(), "netdrop-live-kernel-tests.lock");
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                Environment.SetEnvironmentVariable(HeldVariable, "1");
                return;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    public void Dispose() => _lock?.Dispose();
}
