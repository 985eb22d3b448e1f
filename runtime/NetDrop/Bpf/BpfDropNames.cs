using NetDrop.NetDm;

namespace NetDrop.Bpf;

/// <summary>
/// The strings of the names a BPF drop record carries in UTF-8 (its device, its task), kept while they
/// repeat: drops come in bursts from one sender through one device, so each name is decoded once
/// rather than once per drop. One per source, read on the thread that reads the source.
/// </summary>
internal sealed class BpfDropNames
{
    public Utf8StringCache Devices { get; } = new();

    public Utf8StringCache Tasks { get; } = new();
}
