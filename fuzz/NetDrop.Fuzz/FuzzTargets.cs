using System;
using System.Collections.Generic;
using NetDrop.Fuzz.Targets;

namespace NetDrop.Fuzz;

/// <summary>Every target, by name.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } = new FuzzTarget[]
    {
        new CaptureFileTarget(),
        new NetDmReadTarget(),
        new NetDmAlertTarget(),
        new TraceFormatTarget(),
        new RingBufferPageTarget(),
        new FrameSummaryTarget(),
        new FilterTarget(),
        new SpecTarget(),
        new TpacketRingTarget(),
        new KernelHeaderTarget(),
        new BtfTarget(),
        new KallsymsTarget(),
    };

    public static FuzzTarget? Find(string name)
    {
        foreach (FuzzTarget target in All)
        {
            if (string.Equals(target.Name, name, StringComparison.Ordinal))
            {
                return target;
            }
        }

        return null;
    }
}
