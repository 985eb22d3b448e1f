namespace NetDrop.Generators.Model;

/// <summary>A socket option of a netdrop-socket spec, with the value types the kernel takes and gives.</summary>
/// <param name="GetValueType">C# type getsockopt fills (int, uint, a struct name), or null.</param>
/// <param name="ByVersion">Value types used instead on sockets of a given version.</param>
internal sealed record SocketOptionModel(
    string SpecName,
    string CName,
    int Level,
    int Value,
    string? Doc,
    ValueTypeModel? GetValueType,
    ValueTypeModel? SetValueType,
    EquatableArray<VersionedValueTypeModel> ByVersion);

/// <param name="CSharpType">int, uint, byte[] for binary, or a struct's C name.</param>
/// <param name="Size">sizeof the value, or -1 when it has no fixed size.</param>
internal sealed record ValueTypeModel(string SpecType, string CSharpType, int Size);

internal sealed record VersionedValueTypeModel(int Version, string VersionName, bool Get, ValueTypeModel Type);

/// <summary>A control message a socket receives, with its payload.</summary>
internal sealed record ControlMessageModel(string SpecName, string CName, int Level, int Type, ValueTypeModel Payload, string? Doc);
