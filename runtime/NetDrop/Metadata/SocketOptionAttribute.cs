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
}
