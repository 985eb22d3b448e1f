namespace NetDrop.Bpf;

/// <summary>enum bpf_prog_type values NetDrop loads.</summary>
public enum BpfProgramType
{
    /// <summary>Runs on a tracepoint, its context the event's record.</summary>
    Tracepoint = 5,
}
