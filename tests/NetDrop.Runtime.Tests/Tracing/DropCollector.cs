using System.Collections.Generic;
using NetDrop.Tracing;

namespace NetDrop.Tests.Tracing;

/// <summary>Copies every record it is handed into a list.</summary>
internal struct DropCollector : IKfreeSkbHandler
{
    public DropCollector()
    {
    }

    public List<CollectedDrop> Drops { get; } = new();

    public void OnDrop(in KfreeSkbRecord record) =>
        Drops.Add(new CollectedDrop(record.Timestamp, record.Cpu, record.Pid, record.SkbAddress, record.Location, record.RxSocket, record.Protocol, record.ReasonNumber));
}
