namespace NetDrop.Generators.Model;

/// <summary>A socket option of a netdrop-socket spec, with the value types the kernel takes and gives.</summary>
internal sealed record SocketOptionModel
{
    public required string SpecName { get; init; }

    /// <summary>The stem of its accessors (Set{MemberName}, Get{MemberName}).</summary>
    public required string MemberName { get; init; }

    public required string CName { get; init; }

    public required int Level { get; init; }

    public required int Value { get; init; }

    public string? Doc { get; init; }

    /// <summary>C# type getsockopt fills (int, uint, a struct name), or null.</summary>
    public ValueTypeModel? GetValueType { get; init; }

    public ValueTypeModel? SetValueType { get; init; }

    /// <summary>Value types used instead on sockets of a given version.</summary>
    public required EquatableArray<VersionedValueTypeModel> ByVersion { get; init; }

    /// <summary>
    /// getsockopt reads the caller's value in before it answers (<c>value-in</c>; PACKET_HDRLEN takes a
    /// version), so its getter takes that input.
    /// </summary>
    public bool ValueIn { get; init; }

    /// <summary>Setting it creates a ring (<c>creates-ring</c>).</summary>
    public bool CreatesRing { get; init; }

    /// <summary>The kernel refuses it once a ring exists (<c>must-precede-ring</c>).</summary>
    public bool MustPrecedeRing { get; init; }

    /// <summary>Its value is the version <see cref="ByVersion"/> keys on (<c>selects-ring-layout</c>).</summary>
    public bool SelectsRingLayout { get; init; }
}

/// <param name="CSharpType">int, uint, byte[] for binary, or a struct's C name.</param>
/// <param name="Size">sizeof the value, or -1 when it has no fixed size.</param>
internal sealed record ValueTypeModel(string SpecType, string CSharpType, int Size);

internal sealed record VersionedValueTypeModel(int Version, string VersionName, bool Get, ValueTypeModel Type);

/// <summary>A control message a socket receives, with its payload.</summary>
internal sealed record ControlMessageModel
{
    public required string SpecName { get; init; }

    public required string CName { get; init; }

    public required int Level { get; init; }

    public required int Type { get; init; }

    public required ValueTypeModel Payload { get; init; }

    public string? Doc { get; init; }
}
