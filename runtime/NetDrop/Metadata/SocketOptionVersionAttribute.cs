using System;

namespace NetDrop.Metadata;

/// <summary>
/// A value type that replaces the default of a <see cref="SocketOptionAttribute"/> when the socket
/// has a given <c>PACKET_VERSION</c> (<c>PACKET_STATISTICS</c> returns tpacket_stats_v3 on TPACKET_V3).
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = true, Inherited = false)]
public sealed class SocketOptionVersionAttribute : Attribute
{
    public SocketOptionVersionAttribute(int version, bool get, Type valueType, int size)
    {
        Version = version;
        Get = get;
        ValueType = valueType;
        Size = size;
    }

    /// <summary>The PACKET_VERSION value (TPACKET_V3 is 2).</summary>
    public int Version { get; }

    /// <summary>True for the type getsockopt fills, false for the one setsockopt takes.</summary>
    public bool Get { get; }

    public Type ValueType { get; }

    public int Size { get; }

    /// <summary>The version's C name (<c>TPACKET_V3</c>), for messages.</summary>
    public string? VersionName { get; set; }
}
