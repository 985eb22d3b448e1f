using System;
using System.Collections.Generic;
using NetDrop.Tracing;

namespace NetDrop.Fuzz.Targets;

/// <summary>Reads every field of each kfree_skb record and makes the drop event a watch would.</summary>
internal ref struct KfreeSkbChecker : IKfreeSkbHandler
{
    private readonly KernelDropReasons _reasons;

    public KfreeSkbChecker(KernelDropReasons reasons, List<DropEvent> events)
    {
        _reasons = reasons;
        Events = events;
    }

    public List<DropEvent> Events { get; }

    public void OnDrop(in KfreeSkbRecord record)
    {
        _ = record.Pid;
        _ = record.SkbAddress;
        _ = record.RxSocket;
        _ = record.Cpu;
        Events.Add(KfreeSkbEvents.ToDropEvent(record, _reasons, wallClockOffset: 0, symbols: null));
    }
}
