using System;

namespace NetDrop.Metadata;

/// <summary>
/// Marks a generated struct as the C# layout of a kernel struct, so tests can compare it with
/// the C compiler's layout and analyzers can tell kernel structs apart from others.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class KernelStructAttribute : Attribute
{
    public KernelStructAttribute(string cName, int size)
    {
        CName = cName;
        Size = size;
    }

    /// <summary>The struct's name in C (<c>tpacket_hdr</c>).</summary>
    public string CName { get; }

    /// <summary>sizeof in C, on 64-bit Linux.</summary>
    public int Size { get; }

    /// <summary>The uapi header that declares it (<c>linux/if_packet.h</c>), when the spec names one.</summary>
    public string? Header { get; set; }
}
