using System.Collections.Generic;

namespace NetDrop.Netlink.Generic;

/// <summary>A generic netlink family as the controller describes it: its run-time id, version and multicast groups.</summary>
/// <param name="MulticastGroups">Group name to group id.</param>
public sealed record GenericNetlinkFamily(string Name, ushort Id, uint Version, IReadOnlyDictionary<string, uint> MulticastGroups)
{
    /// <summary>The id of a multicast group, or null when the family has none of that name.</summary>
    public uint? Group(string name) => MulticastGroups.TryGetValue(name, out uint id) ? id : null;
}
