using System.Collections.Generic;
using NetDrop.Bpf;
using NetDrop.Tracing;

namespace NetDrop.Tests.Bpf;

/// <summary>Turns every BPF record it is handed into a <see cref="DropEvent"/>, for assertions.</summary>
internal struct BpfDropCollector : IBpfDropHandler
{
    private readonly KernelDropReasons _reasons;

    public BpfDropCollector(KernelDropReasons reasons) => _reasons = reasons;

    public List<DropEvent> Drops { get; } = new();

    public void OnDrop(in BpfDropRecord record) => Drops.Add(BpfDropEvents.ToDropEvent(record, _reasons, 0, null));
}

/// <summary>Reads every field of each record and keeps only a sum: the handler path with nothing of its own that allocates.</summary>
internal struct FieldReader : IBpfDropHandler
{
    public int Records;
    public long Checksum;

    public void OnDrop(in BpfDropRecord record)
    {
        Records++;
        Checksum += (long)record.Timestamp + (long)record.Location + (long)record.SkbAddress + record.Pid + record.Tid + record.ReasonNumber
            + record.Cpu + record.Length + record.Mark + record.InputInterface + record.DeviceIndex + record.NamespaceInode + record.Protocol
            + record.LocalPort + record.Comm.Length + record.DeviceName.Length + record.Packet.Length + (record.HasMacHeader ? 1 : 0);
    }
}
