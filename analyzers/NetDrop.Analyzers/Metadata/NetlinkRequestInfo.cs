using Microsoft.CodeAnalysis;

namespace NetDrop.Analyzers.Metadata;

/// <summary>A method marked [NetlinkRequest]: the family and operation it makes a request of.</summary>
internal sealed record NetlinkRequestInfo(string Family, string Operation)
{
    public static NetlinkRequestInfo? TryCreate(IMethodSymbol method, NetDropSymbols symbols)
    {
        AttributeData? attribute = NetDropSymbols.Find(method.OriginalDefinition, symbols.NetlinkRequest);
        return attribute is { ConstructorArguments.Length: 2 }
            && attribute.ConstructorArguments[0].Value is string family
            && attribute.ConstructorArguments[1].Value is string operation
            ? new NetlinkRequestInfo(family, operation)
            : null;
    }

    /// <summary>The parameter that carries a request attribute (<c>sw-drops</c>), when the method has one.</summary>
    public static IParameterSymbol? AttributeParameter(IMethodSymbol method, string attribute, NetDropSymbols symbols)
    {
        foreach (IParameterSymbol parameter in method.OriginalDefinition.Parameters)
        {
            if (NetDropSymbols.Find(parameter, symbols.NetlinkAttributeParameter) is { ConstructorArguments.Length: 1 } data
                && data.ConstructorArguments[0].Value as string == attribute)
            {
                return parameter;
            }
        }

        return null;
    }
}
