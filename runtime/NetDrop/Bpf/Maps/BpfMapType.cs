namespace NetDrop.Bpf;

/// <summary>enum bpf_map_type values NetDrop creates.</summary>
public enum BpfMapType
{
    PerCpuArray = 6,

    /// <summary>Linux 5.8.</summary>
    RingBuffer = 27,
}
