using System;

namespace NetDrop.Metadata;

/// <summary>
/// Describes a socket option constant: its level and the value types the kernel takes and gives,
/// as the spec says. Analyzers read it to check <c>setsockopt</c>/<c>getsockopt</c> calls.
/// </summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class SocketOptionAttribute : Attribute
{
    public SocketOptionAttribute(int level, int name)
    {
        Level = level;
        Name = name;
    }

    public int Level { get; }

    public int Name { get; }

    /// <summary>The type <c>getsockopt</c> fills, or null when the option cannot be read.</summary>
    public Type? GetValueType { get; set; }

    /// <summary>The type <c>setsockopt</c> takes, or null when the option cannot be written.</summary>
    public Type? SetValueType { get; set; }

    /// <summary>The size in bytes of <see cref="GetValueType"/>, or -1.</summary>
    public int GetSize { get; set; } = -1;

    /// <summary>The size in bytes of <see cref="SetValueType"/>, or -1.</summary>
    public int SetSize { get; set; } = -1;

    /// <summary>Setting the option creates a ring (PACKET_RX_RING, PACKET_TX_RING); the spec's <c>creates-ring</c>.</summary>
    public bool CreatesRing { get; set; }

    /// <summary>The kernel refuses the option (EBUSY) once a ring exists; the spec's <c>must-precede-ring</c>.</summary>
    public bool MustPrecedeRing { get; set; }

    /// <summary>
    /// Its value chooses the ring layout, the version <see cref="SocketOptionVersionAttribute"/> keys on
    /// (PACKET_VERSION); the spec's <c>selects-ring-layout</c>.
    /// </summary>
    public bool SelectsRingLayout { get; set; }
}
