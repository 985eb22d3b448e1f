namespace NetDrop.SpecSync.Headers;

/// <summary>One enumerator of a C enum, with its value and what the header says of it.</summary>
/// <param name="Doc">The kernel-doc text (<c>@NAME: text</c>) for it anywhere in the header, or null.</param>
/// <param name="TrailingComment">A comment on its own line after it (<c>/* u32 */</c>), or null.</param>
public sealed record CEnumerator(string Name, long Value, string? Doc, string? TrailingComment, string File, int Line);
