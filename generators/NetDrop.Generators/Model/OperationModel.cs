namespace NetDrop.Generators.Model;

/// <summary>A YNL operation. Unified families have one value; directional ones a request and a reply value.</summary>
/// <param name="AttributeSetPrefix">Type prefix of the attribute set the operation's messages use.</param>
/// <param name="RequestAttributes">Attributes of the do (or dump) request, in spec order.</param>
/// <param name="ReplyValue">The reply's command value for directional families, else the same as Value.</param>
internal sealed record OperationModel(
    string SpecName,
    string MemberName,
    string CName,
    int Value,
    int ReplyValue,
    string? Doc,
    string? AttributeSetPrefix,
    string? AttributeEnumTypeName,
    bool HasDo,
    bool HasDump,
    bool HasEvent,
    bool AdminPerm,
    EquatableArray<AttributeModel> RequestAttributes);
