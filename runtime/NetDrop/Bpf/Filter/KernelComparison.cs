namespace NetDrop.Bpf.Filter;

/// <summary>How a number field is compared with a test's values (unsigned, 32 bits).</summary>
public enum KernelComparison
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,

    /// <summary>Equal to any of the values.</summary>
    In,
}
