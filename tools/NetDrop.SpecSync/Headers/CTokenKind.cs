namespace NetDrop.SpecSync.Headers;

/// <summary>What a <see cref="CToken"/> is.</summary>
internal enum CTokenKind
{
    Identifier,
    Number,
    Punctuator,
    String,

    /// <summary>A comment kept by gcc -C: the doc comments of enumerators live here.</summary>
    Comment,

    /// <summary>A whole #define line, as gcc -dD prints it (continuations already joined).</summary>
    Define,
}
