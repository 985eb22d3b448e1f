using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NetDrop.Analyzers.Metadata;

/// <summary>One reason of a drop-reason catalogue: its enum member, value, kernel name and subsystem.</summary>
internal sealed record DropReasonMember(IFieldSymbol Field, long Value, string KernelName, string Subsystem);

/// <summary>
/// An enum marked [DropReasonCatalog]: its reasons in enum order (by value: entries are only ever
/// appended, so value order is spec order) and where its name lookups live.
/// </summary>
internal sealed class DropReasonCatalogInfo
{
    private readonly Dictionary<long, int> _indexByValue;

    private DropReasonCatalogInfo(INamedTypeSymbol type, ImmutableArray<DropReasonMember> members, string lookups)
    {
        Type = type;
        Members = members;
        Lookups = lookups;
        _indexByValue = new Dictionary<long, int>(members.Length);
        for (int i = 0; i < members.Length; i++)
        {
            // Two members with one value would be one reason twice; the first name wins, as in C#.
            if (!_indexByValue.ContainsKey(members[i].Value))
            {
                _indexByValue.Add(members[i].Value, i);
            }
        }
    }

    public INamedTypeSymbol Type { get; }

    public ImmutableArray<DropReasonMember> Members { get; }

    /// <summary>The class with TryParseKernelName and KernelName, as code names it (DropReasonCatalog).</summary>
    public string Lookups { get; }

    public int IndexOf(long value) => _indexByValue.TryGetValue(value, out int index) ? index : -1;

    /// <summary>The catalogue <paramref name="type"/> is, when it is an enum marked [DropReasonCatalog]; else null.</summary>
    public static DropReasonCatalogInfo? TryCreate(ITypeSymbol? type, NetDropSymbols symbols)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } named)
        {
            return null;
        }

        AttributeData? catalog = NetDropSymbols.Find(named, symbols.DropReasonCatalog);
        if (catalog is null)
        {
            return null;
        }

        var members = ImmutableArray.CreateBuilder<DropReasonMember>();
        foreach (ISymbol member in named.GetMembers())
        {
            if (member is not IFieldSymbol { HasConstantValue: true } field)
            {
                continue;
            }

            string kernelName = field.Name;
            string subsystem = string.Empty;
            AttributeData? info = NetDropSymbols.Find(field, symbols.DropReasonInfo);
            if (info is { ConstructorArguments.Length: 2 })
            {
                kernelName = info.ConstructorArguments[0].Value as string ?? field.Name;
                subsystem = info.ConstructorArguments[1].Value as string ?? string.Empty;
            }

            members.Add(new DropReasonMember(field, Convert.ToInt64(field.ConstantValue, System.Globalization.CultureInfo.InvariantCulture), kernelName, subsystem));
        }

        members.Sort(static (a, b) => a.Value.CompareTo(b.Value));
        string lookups = named.Name + "Catalog";
        if (NetDropSymbols.Named(catalog, "Lookups") is { Value: INamedTypeSymbol lookupsType })
        {
            lookups = lookupsType.Name;
        }

        return new DropReasonCatalogInfo(named, members.ToImmutable(), lookups);
    }
}
