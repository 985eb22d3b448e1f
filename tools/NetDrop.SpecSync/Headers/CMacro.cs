using System.Collections.Generic;

namespace NetDrop.SpecSync.Headers;

/// <summary>A #define of a header: object-like (a value) or function-like (<see cref="IsFunctionLike"/>).</summary>
/// <param name="Body">The replacement tokens, comments left out.</param>
/// <param name="TrailingComment">The comment on the #define line (<c>/* To us */</c>), or null.</param>
internal sealed record CMacro(string Name, bool IsFunctionLike, IReadOnlyList<CToken> Body, string? TrailingComment, string File, int Line);
