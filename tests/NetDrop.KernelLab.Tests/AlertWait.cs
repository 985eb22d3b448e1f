using System;
using System.Collections.Generic;
using System.Diagnostics;
using NetDrop.NetDm;

namespace NetDrop.KernelLab.Tests;

/// <summary>Reads alerts from a client until a condition holds or a deadline passes, keeping all of them.</summary>
internal static class AlertWait
{
    public static List<DropAlert> Until(NetDmClient client, Func<List<DropAlert>, bool> done, TimeSpan timeout)
    {
        var alerts = new List<DropAlert>();
        var collector = new DropAlertCollector(alerts, null);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !done(alerts))
        {
            client.Wait(TimeSpan.FromMilliseconds(100));
            client.ReceiveAvailable(ref collector);
        }

        return alerts;
    }

    /// <summary>Reads until nothing has arrived for <paramref name="quiet"/>, at most <paramref name="timeout"/>.</summary>
    public static List<DropAlert> UntilQuiet(NetDmClient client, TimeSpan quiet, TimeSpan timeout)
    {
        var alerts = new List<DropAlert>();
        var collector = new DropAlertCollector(alerts, null);
        var clock = Stopwatch.StartNew();
        TimeSpan lastArrival = TimeSpan.Zero;
        while (clock.Elapsed < timeout && clock.Elapsed - lastArrival < quiet)
        {
            client.Wait(TimeSpan.FromMilliseconds(50));
            if (client.ReceiveAvailable(ref collector) > 0)
            {
                lastArrival = clock.Elapsed;
            }
        }

        return alerts;
    }
}
