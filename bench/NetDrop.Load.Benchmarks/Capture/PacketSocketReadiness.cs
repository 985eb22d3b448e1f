using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// Waits until an external capture program has its packet socket bound to the sink device and running:
/// /proc/PID/net/packet (the packet sockets of that process's network namespace) lists it with the
/// device's ifindex and R = 1. Until then frames would arrive before the reader and count as lost.
/// </summary>
internal static class PacketSocketReadiness
{
    public static void WaitFor(MeasuredProcess process, string reader, int ifindex, TimeSpan limit)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < limit)
        {
            process.ThrowIfExited(reader);
            if (HasRunningSocket(process.Pid, ifindex))
            {
                // The program maps its ring right after binding; a moment more and it is reading.
                Thread.Sleep(200);
                return;
            }

            Thread.Sleep(50);
        }

        throw new HarnessException($"{reader} did not bind a packet socket to ifindex {ifindex} within {limit.TotalSeconds:0} s");
    }

    private static bool HasRunningSocket(int pid, int ifindex)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/net/packet");
        }
        catch (IOException)
        {
            return false;
        }

        // sk RefCnt Type Proto Iface R Rmem User Inode
        for (int i = 1; i < lines.Length; i++)
        {
            string[] columns = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length >= 6
                && int.TryParse(columns[4], NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index == ifindex
                && columns[5] == "1")
            {
                return true;
            }
        }

        return false;
    }
}
