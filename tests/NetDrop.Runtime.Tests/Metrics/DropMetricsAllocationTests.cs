using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using NetDrop.Metrics;

namespace NetDrop.Tests.Metrics;

/// <summary>
/// Counting a drop allocates nothing once its label values have been seen: the agent records every drop
/// for as long as it runs, so bytes per drop become garbage per second. Measured for every shape a drop's
/// labels take (function with an offset or without, interface by name, by index or unknown, a subsystem
/// the catalogue knows or not) and for every source, with a listener subscribed as the agent's is.
/// </summary>
public sealed class DropMetricsAllocationTests
{
    private const int Drops = 1000;

    public static TheoryData<string, DropSource> Shapes()
    {
        var data = new TheoryData<string, DropSource>();
        foreach (DropSource source in Enum.GetValues<DropSource>())
        {
            foreach (string shape in ShapeNames)
            {
                data.Add(shape, source);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_drop_of_a_label_combination_seen_before_allocates_nothing(string shape, DropSource source)
    {
        using var metrics = new DropMetrics();
        long measurements = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref measurements));
        listener.Start();

        DropEvent drop = Drop(shape, source);
        metrics.Record(drop);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Drops; i++)
        {
            metrics.Record(drop);
        }

        long perDrop = (GC.GetAllocatedBytesForCurrentThread() - before) / Drops;
        Assert.Equal(Drops + 1, Interlocked.Read(ref measurements));
        Assert.True(perDrop == 0, $"{shape} from {source}: {perDrop} bytes per drop");
    }

    private static readonly string[] ShapeNames =
    [
        "function+offset, interface name",
        "function without offset, interface name",
        "function+offset [module], ifindex only",
        "no function, no interface, no reason",
        "subsystem the catalogue does not know",
    ];

    private static DropEvent Drop(string shape, DropSource source) => shape switch
    {
        "function+offset, interface name" => new(0, null, "NO_SOCKET", 0, 0, "__udp4_lib_rcv+0x9a2/0xc30", 3, 0x0800, default, source) { InterfaceName = "veth0" },
        "function without offset, interface name" => new(0, null, "NO_SOCKET", 0, 0, "__udp4_lib_rcv", 3, 0x0800, default, source) { InterfaceName = "veth0" },
        "function+offset [module], ifindex only" => new(0, null, "NETFILTER_DROP", 0, 0, "nft_do_chain+0x47f/0x5a0 [nf_tables]", 117, 0x0800, default, source),
        "no function, no interface, no reason" => new(0, null, null, 0, 0, null, null, 0x0800, default, source),
        "subsystem the catalogue does not know" => new(0, null, "SOME_NEW_REASON", 4242, 0, "f+0x1/0x2", null, 0x0800, default, source),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };
}
