namespace NetDrop.Generators.Model;

/// <summary>Everything the emitter needs from one spec file, resolved and checked.</summary>
/// <param name="FileName">The spec's file name (net_dm.yaml), for hint names and SpecSource attributes.</param>
/// <param name="Name">The spec's <c>name</c> (NET_DM).</param>
/// <param name="TypePrefix">PascalCase of the name (NetDm), the prefix of family-wide types.</param>
/// <param name="Protocol">genetlink, genetlink-c, genetlink-legacy, netdrop-socket or netdrop-drop-reasons.</param>
internal sealed record SpecModel(
    string FileName,
    string Name,
    string TypePrefix,
    string Protocol,
    string Namespace,
    string? Doc,
    string? UapiHeader,
    int Version,
    EquatableArray<ConstModel> Consts,
    EquatableArray<EnumModel> Enums,
    EquatableArray<StructModel> Structs,
    EquatableArray<AttributeSetModel> AttributeSets,
    EquatableArray<OperationModel> Operations,
    bool DirectionalOperations,
    EquatableArray<string> McastGroups,
    EquatableArray<ConstModel> Levels,
    EquatableArray<SocketOptionModel> SocketOptions,
    EquatableArray<ControlMessageModel> ControlMessages)
{
    public bool IsNetlink => NetDrop.Ynl.YnlProtocols.IsNetlink(Protocol);
}
