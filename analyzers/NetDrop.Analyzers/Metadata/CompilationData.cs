using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace NetDrop.Analyzers.Metadata;

/// <summary>
/// What the analyzers know about one compilation, shared by all of them: the metadata attribute types,
/// and, built on first use, the names worth binding for, the catalogues and the socket spec index.
/// </summary>
internal sealed class CompilationData
{
    private static readonly ConditionalWeakTable<Compilation, CompilationData> Shared = new();

    private readonly Lazy<NameIndex> _names;
    private readonly Lazy<SocketSpecIndex> _sockets;

    private CompilationData(Compilation compilation)
    {
        Symbols = NetDropSymbols.Create(compilation);
        Catalogs = new CatalogCache(Symbols, compilation);
        _names = new Lazy<NameIndex>(() => NameIndex.Build(compilation, Symbols), LazyThreadSafetyMode.ExecutionAndPublication);
        _sockets = new Lazy<SocketSpecIndex>(() => SocketSpecIndex.Build(compilation, Symbols), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public NetDropSymbols Symbols { get; }

    public CatalogCache Catalogs { get; }

    public NameIndex Names => _names.Value;

    public SocketSpecIndex Sockets => _sockets.Value;

    public static CompilationData For(Compilation compilation) => Shared.GetValue(compilation, static c => new CompilationData(c));
}
