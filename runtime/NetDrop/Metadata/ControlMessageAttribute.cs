using System;

namespace NetDrop.Metadata;

/// <summary>
/// Describes a control message (cmsg) constant: its level, type and the payload the kernel puts in it.
/// Analyzers read it to check CMSG_LEN/CMSG_SPACE computations and payload reads.
/// </summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class ControlMessageAttribute : Attribute
{
    public ControlMessageAttribute(int level, int type, Type payloadType, int payloadSize)
    {
        Level = level;
        Type = type;
        PayloadType = payloadType;
        PayloadSize = payloadSize;
    }

    public int Level { get; }

    public int Type { get; }

    public Type PayloadType { get; }

    /// <summary>sizeof the payload in bytes (tpacket_auxdata is 20).</summary>
    public int PayloadSize { get; }
}
