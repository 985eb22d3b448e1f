using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace NetDrop.Analyzers.Metadata;

/// <summary>
/// Per-compilation answers to "is this type a drop-reason catalogue?", so the attributes of a type are
/// read once however many switches and casts use it.
/// </summary>
internal sealed class CatalogCache
{
    private readonly ConcurrentDictionary<ITypeSymbol, DropReasonCatalogInfo?> _catalogs = new(SymbolEqualityComparer.Default);
    private readonly NetDropSymbols _symbols;

    private readonly Lazy<DropReasonCatalogInfo?> _any;

    public CatalogCache(NetDropSymbols symbols, Compilation compilation)
    {
        _symbols = symbols;
        _any = new Lazy<DropReasonCatalogInfo?>(() => FindAny(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// A catalogue the compilation can see (NetDrop's DropReason), for messages about code that holds a
    /// reason as a plain number and so names no catalogue itself. Looked for on first use only.
    /// </summary>
    public DropReasonCatalogInfo? Any => _any.Value;

    /// <summary>The catalogue a value of <paramref name="type"/> holds: the enum itself or its Nullable.</summary>
    public DropReasonCatalogInfo? Get(ITypeSymbol? type)
    {
        if (type is null)
        {
            return null;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type.TypeKind != TypeKind.Enum)
        {
            return null;
        }

        return _catalogs.GetOrAdd(type, t => DropReasonCatalogInfo.TryCreate(t, _symbols));
    }

    private DropReasonCatalogInfo? FindAny(Compilation compilation)
    {
        if (_symbols.DropReasonCatalog is { } marker)
        {
            return Find(marker.ContainingAssembly.GlobalNamespace) ?? Find(compilation.Assembly.GlobalNamespace);
        }

        return null;
    }

    private DropReasonCatalogInfo? Find(INamespaceSymbol ns)
    {
        foreach (INamespaceOrTypeSymbol member in ns.GetMembers())
        {
            DropReasonCatalogInfo? found = member switch
            {
                INamespaceSymbol child => Find(child),
                INamedTypeSymbol { TypeKind: TypeKind.Enum } type => Get(type),
                _ => null,
            };
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }
}
