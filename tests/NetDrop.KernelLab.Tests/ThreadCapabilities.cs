using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace NetDrop.KernelLab.Tests;

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

    public static T RunWithout<T>(int[] capabilities, Func<T> action)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Drop(capabilities);
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

        foreach (int capability in capabilities)
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

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int CapGet(CapHeader* header, CapData* data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int CapSet(CapHeader* header, CapData* data);
}
