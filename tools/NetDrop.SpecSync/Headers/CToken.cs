namespace NetDrop.SpecSync.Headers;

/// <summary>One token of preprocessed C, with the header line it came from (from gcc's line markers).</summary>
internal readonly record struct CToken(CTokenKind Kind, string Text, string File, int Line)
{
    public bool Is(string punctuatorOrWord) => Text == punctuatorOrWord && Kind is CTokenKind.Punctuator or CTokenKind.Identifier;

    public override string ToString() => $"{Kind} '{Text}' at {File}:{Line}";
}
