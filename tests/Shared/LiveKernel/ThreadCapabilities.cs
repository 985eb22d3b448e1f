using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;

namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// Runs code on a thread of its own whose effective capabilities lack some bits. Capabilities are
/// per thread in Linux, and netlink checks the ones of the thread that created the socket, so this
/// is an unprivileged caller without a second process.
/// </summary>
internal static unsafe partial class ThreadCapabilities
{
    public const int CAP_NET_ADMIN = 12;
    public const int CAP_SYS_ADMIN = 21;

    private const uint LinuxCapabilityVersion3 = 0x20080522;

    /// <summary>
    /// Runs <paramref name="action"/> as an ordinary user would: every effective capability dropped
    /// and file access checked as <paramref name="fileSystemUid"/> (setfsuid is per thread too).
    /// </summary>
    public static T RunUnprivileged<T>(uint fileSystemUid, Func<T> action) =>
        RunOnThread(
            () =>
            {
                // setfsuid needs CAP_SETUID, so it comes before the capabilities go.
                SetFsUid(fileSystemUid);
                if (SetFsUid(uint.MaxValue) != (int)fileSystemUid)
                {
                    throw new InvalidOperationException($"setfsuid({fileSystemUid}) did not take effect");
                }

                Drop(Enumerable.Range(0, 64).ToArray());
            },
            action);

    public static T RunWithout<T>(int[] capabilities, Func<T> action) => RunOnThread(() => Drop(capabilities), action);

    private static T RunOnThread<T>(Action prepare, Func<T> action)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                prepare();
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("the reduced-capability thread did not finish in 30 s");
        }

        if (failure is not null)
        {
            throw failure;
        }

        return result!;
    }

    private static void Drop(int[] capabilities)
    {
        var header = new CapHeader { Version = LinuxCapabilityVersion3, Pid = 0 };
        CapData* data = stackalloc CapData[2];
        if (CapGet(&header, data) != 0)
        {
            throw new InvalidOperationException($"capget failed: errno {Marshal.GetLastPInvokeError()}");
        }

        foreach (int capability in capabilities.Where(c => c < 64))
        {
            data[capability / 32].Effective &= ~(1u << (capability % 32));
        }

        if (CapSet(&header, data) != 0)
        {
            throw new InvalidOperationException($"capset failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [LibraryImport("libc", EntryPoint = "setfsuid")]
    private static partial int SetFsUid(uint uid);

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int CapGet(CapHeader* header, CapData* data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int CapSet(CapHeader* header, CapData* data);
}
