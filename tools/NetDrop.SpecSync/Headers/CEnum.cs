using System.Collections.Generic;

namespace NetDrop.SpecSync.Headers;

/// <summary>A C enum of a header; anonymous enums (NET_DM's commands) have no name.</summary>
public sealed record CEnum(string? Name, string File, int Line, IReadOnlyList<CEnumerator> Enumerators);
