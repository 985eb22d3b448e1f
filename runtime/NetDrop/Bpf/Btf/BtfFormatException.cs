using System;

namespace NetDrop.Bpf.Btf;

/// <summary>BTF data that is damaged or not BTF: the message names the section, type id or offset that is wrong.</summary>
public sealed class BtfFormatException : Exception
{
    public BtfFormatException(string message)
        : base(message)
    {
    }
}
