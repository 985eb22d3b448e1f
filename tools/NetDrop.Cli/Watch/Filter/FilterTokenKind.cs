namespace NetDrop.Cli.Watch.Filter;

/// <summary>The kinds of word and symbol a filter expression is made of.</summary>
internal enum FilterTokenKind
{
    End,
    Identifier,
    Number,
    String,
    Address,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    Contains,
    And,
    Or,
    Not,
    LeftParenthesis,
    RightParenthesis,
    LeftBrace,
    RightBrace,
    Comma,
}
