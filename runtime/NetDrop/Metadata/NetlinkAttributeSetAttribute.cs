using System;

namespace NetDrop.Metadata;

/// <summary>Marks a generated attribute-type enum, reader or writer with the spec attribute set it was made from.</summary>
[AttributeUsage(AttributeTargets.Enum | AttributeTargets.Struct | AttributeTargets.Class, Inherited = false)]
public sealed class NetlinkAttributeSetAttribute : Attribute
{
    public NetlinkAttributeSetAttribute(string family, string set)
    {
        Family = family;
        Set = set;
    }

    public string Family { get; }

    public string Set { get; }
}
