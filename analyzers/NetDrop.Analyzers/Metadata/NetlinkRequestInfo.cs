using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NetDrop.Analyzers.Metadata;

/// <summary>
/// A method marked [NetlinkRequest]: the family and operation it makes a request of, and the order the
/// kernel keeps for that request, as the spec states it (<c>enters-state</c>, <c>leaves-state</c>,
/// <c>rejected-in-state</c>, <c>names-one-of</c>) and the generator writes it onto its builders.
/// </summary>
internal sealed record NetlinkRequestInfo(
    string Family,
    string Operation,
    string? EntersState,
    string? LeavesState,
    string? RejectedInState,
    ImmutableArray<string> NamesOneOf)
{
    /// <summary>Whether the kernel cares about this request's order or content at all.</summary>
    public bool HasRules => EntersState is not null || LeavesState is not null || RejectedInState is not null || !NamesOneOf.IsEmpty;

    /// <summary>
    /// The request a method makes. A hand-written client marks its methods with the family and
    /// operation only; their rules come from <paramref name="rules"/>, what the generated builders of
    /// the same request carry, so the spec stays the one place they are written.
    /// </summary>
    public static NetlinkRequestInfo? TryCreate(IMethodSymbol method, NetDropSymbols symbols, IReadOnlyDictionary<(string, string), NetlinkRequestInfo>? rules)
    {
        AttributeData? attribute = NetDropSymbols.Find(method.OriginalDefinition, symbols.NetlinkRequest);
        if (attribute is not { ConstructorArguments.Length: 2 }
            || attribute.ConstructorArguments[0].Value is not string family
            || attribute.ConstructorArguments[1].Value is not string operation)
        {
            return null;
        }

        string? enters = null, leaves = null, rejected = null;
        ImmutableArray<string> oneOf = ImmutableArray<string>.Empty;
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "EntersState":
                    enters = named.Value.Value as string;
                    break;
                case "LeavesState":
                    leaves = named.Value.Value as string;
                    break;
                case "RejectedInState":
                    rejected = named.Value.Value as string;
                    break;
                case "NamesOneOf" when named.Value.Kind == TypedConstantKind.Array && !named.Value.IsNull:
                    var names = ImmutableArray.CreateBuilder<string>();
                    foreach (TypedConstant item in named.Value.Values)
                    {
                        if (item.Value is string name)
                        {
                            names.Add(name);
                        }
                    }

                    oneOf = names.ToImmutable();
                    break;
            }
        }

        var info = new NetlinkRequestInfo(family, operation, enters, leaves, rejected, oneOf);
        return !info.HasRules && rules is not null && rules.TryGetValue((family, operation), out NetlinkRequestInfo? known) ? known : info;
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
