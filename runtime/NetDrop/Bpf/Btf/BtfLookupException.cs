using System;

namespace NetDrop.Bpf.Btf;

/// <summary>A well-formed BTF that lacks a struct or member NetDrop needs (a kernel whose layout differs from what the program expects).</summary>
public sealed class BtfLookupException : Exception
{
    public BtfLookupException(string message)
        : base(message)
    {
    }
}
