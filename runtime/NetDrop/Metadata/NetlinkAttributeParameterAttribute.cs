using System;

namespace NetDrop.Metadata;

/// <summary>
/// Marks a parameter of a <see cref="NetlinkRequestAttribute"/> method that sets one attribute of the
/// request, named as the spec names it (<c>sw-drops</c>). A flag attribute is sent when the argument is
/// true; any other when it is not null. Analyzers read it to see what a call puts in the request.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class NetlinkAttributeParameterAttribute : Attribute
{
    public NetlinkAttributeParameterAttribute(string attribute) => Attribute = attribute;

    /// <summary>The attribute's spec name (<c>hw-drops</c>).</summary>
    public string Attribute { get; }
}
