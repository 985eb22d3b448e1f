using System;

namespace NetDrop.Netlink;

/// <summary>
/// A generated view over one attribute set. The static Parse lets generic code (nested arrays,
/// repeated attributes) build views of any set without knowing it.
/// </summary>
public interface INetlinkAttributeView<TSelf>
    where TSelf : INetlinkAttributeView<TSelf>, allows ref struct
{
    /// <summary>Walks <paramref name="attributes"/> once and records where each known attribute is.</summary>
    /// <param name="attributes">The attributes, back to back.</param>
    /// <param name="baseOffset">Their offset in the outermost buffer, for error messages.</param>
    static abstract TSelf Parse(ReadOnlySpan<byte> attributes, int baseOffset);

    /// <summary>The first problem met while walking, or kind None.</summary>
    NetlinkAttributeError Error { get; }
}
