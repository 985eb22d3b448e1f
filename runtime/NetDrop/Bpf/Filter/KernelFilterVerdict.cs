namespace NetDrop.Bpf.Filter;

/// <summary>What the program does with a drop after testing the filter.</summary>
public enum KernelFilterVerdict
{
    /// <summary>Counted as filtered out; no record.</summary>
    Rejected,

    /// <summary>Recorded, marked as having passed: user space applies only the rest of its filter.</summary>
    Passed,

    /// <summary>Recorded unmarked: the packet's headers are beyond what the program reads, so user space applies its whole filter.</summary>
    Undecided,
}
