namespace NetDrop.SpecSync.Specs;

/// <summary>
/// One list of a uapi spec whose entries are C constants of a header: an enum, a flags set, an
/// attribute set, the operations, the socket options. <see cref="CPrefix"/> turns an entry's spec name
/// into its C name (net-dm-attr- + pc → NET_DM_ATTR_PC).
/// </summary>
/// <param name="Kind">enum, flags, attributes, operations, socket-options or const.</param>
/// <param name="FirstValue">The value of an entry without one when it is first (YNL: attributes 1, enums 0).</param>
/// <param name="Level">For socket options: the list's level; an option of another level (SOL_SOCKET) comes from another header.</param>
internal sealed record UapiSection(string Title, string Kind, YamlSequenceOutline List, string CPrefix, long FirstValue, string? Level = null)
{
    /// <summary>Whether sync can append what the header adds: it cannot tell a socket option's value types.</summary>
    public bool CanAppend => Kind != "socket-options";
}
