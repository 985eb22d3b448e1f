using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using NetDrop.Interop;

namespace NetDrop.Tests.Bpf;

/// <summary>What the kernel says about BPF objects by id: the check that a program is gone once its descriptors are.</summary>
internal static unsafe class BpfObjects
{
    private const int BPF_PROG_GET_FD_BY_ID = 13;

    /// <summary>The prog_id line of a program descriptor's /proc/self/fdinfo.</summary>
    public static uint ProgramId(int fd)
    {
        foreach (string line in File.ReadAllLines($"/proc/self/fdinfo/{fd}"))
        {
            if (line.StartsWith("prog_id:", StringComparison.Ordinal))
            {
                return uint.Parse(line.AsSpan(8).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"fd {fd} is not a BPF program");
    }

    /// <summary>Whether a program with this id still exists (BPF_PROG_GET_FD_BY_ID finds it).</summary>
    public static bool ProgramExists(uint id)
    {
        byte* attr = stackalloc byte[128];
        new Span<byte>(attr, 128).Clear();
        *(uint*)attr = id;
        int fd = LibC.Bpf(BPF_PROG_GET_FD_BY_ID, attr, 128);
        if (fd >= 0)
        {
            LibC.Close(fd);
            return true;
        }

        Errno errno = LibC.LastError;
        return errno != Errno.ENOENT ? throw new InvalidOperationException($"BPF_PROG_GET_FD_BY_ID failed: {errno.Name()}") : false;
    }

    /// <summary>Programs are freed after an RCU grace period, not at close: waits up to 5 s for it to go.</summary>
    public static bool ProgramGoneWithin(uint id, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (ProgramExists(id))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }
}
