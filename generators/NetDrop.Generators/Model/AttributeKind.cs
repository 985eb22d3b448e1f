namespace NetDrop.Generators.Model;

/// <summary>
/// How an attribute is read and written, decided once by the parser from its YNL type, so the view
/// and the writer agree (YNL's one-class-per-type idea, without the classes).
/// </summary>
internal enum AttributeKind
{
    /// <summary>pad and unused: skipped, never reported as unknown.</summary>
    Ignored,
    Flag,

    /// <summary>u8…u64, s8…s64: exactly their size (<see cref="AttributeModel.Scalar"/>).</summary>
    Fixed,

    /// <summary>uint: 4 or 8 bytes.</summary>
    VarUnsigned,

    /// <summary>sint: 4 or 8 bytes.</summary>
    VarSigned,
    String,
    Binary,
    Nest,

    /// <summary>An indexed-array of nests of a known set.</summary>
    NestArray,

    /// <summary>Any other indexed-array, and nest-type-value: the nested attributes, raw.</summary>
    RawArray,
}
