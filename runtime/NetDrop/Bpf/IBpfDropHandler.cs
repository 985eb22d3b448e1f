namespace NetDrop.Bpf;

/// <summary>Receives drop records as the BPF source reads them. A struct handler keeps the hot path free of allocations and virtual calls.</summary>
public interface IBpfDropHandler
{
    void OnDrop(in BpfDropRecord record);
}
