using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace NetDrop.Analyzers.Metadata;

/// <summary>
/// Every socket option and control message constant the compilation can see, by level and number: what
/// an analyzer needs when code names a control message by plain numbers (level 263, type 15) or a
/// wrapper fixes its option by number. Built on first use only, since it walks the types of the
/// assembly that defines the metadata attributes (where the generated code lives) and of the compilation.
/// </summary>
internal sealed class SocketSpecIndex
{
    private readonly Dictionary<(int Level, int Number), SocketOptionInfo> _options = new();
    private readonly Dictionary<(int Level, int Type), ControlMessageInfo> _messages = new();
    private readonly Dictionary<int, List<ControlMessageInfo>> _messagesByLevel = new();
    private readonly Dictionary<string, ControlMessageInfo> _messagesByName = new(System.StringComparer.Ordinal);

    private SocketSpecIndex()
    {
    }

    public SocketOptionInfo? Option(int level, int number) => _options.TryGetValue((level, number), out SocketOptionInfo? option) ? option : null;

    public ControlMessageInfo? Message(int level, int type) => _messages.TryGetValue((level, type), out ControlMessageInfo? message) ? message : null;

    /// <summary>The message whose C name this is (SO_RXQ_OVFL), for a project's own constant of that name.</summary>
    public ControlMessageInfo? MessageNamed(string cName) => _messagesByName.TryGetValue(cName, out ControlMessageInfo? message) ? message : null;

    /// <summary>The control messages of a level, in number order; empty when the spec knows the level for none.</summary>
    public IReadOnlyList<ControlMessageInfo> MessagesAt(int level) =>
        _messagesByLevel.TryGetValue(level, out List<ControlMessageInfo>? list) ? list : System.Array.Empty<ControlMessageInfo>();

    public static SocketSpecIndex Build(Compilation compilation, NetDropSymbols symbols)
    {
        var index = new SocketSpecIndex();
        var seen = new HashSet<IAssemblySymbol>(SymbolEqualityComparer.Default);
        foreach (INamedTypeSymbol? marker in new[] { symbols.SocketOption, symbols.ControlMessage })
        {
            if (marker is not null && seen.Add(marker.ContainingAssembly))
            {
                index.Walk(marker.ContainingAssembly.GlobalNamespace, symbols);
            }
        }

        if (seen.Add(compilation.Assembly))
        {
            index.Walk(compilation.Assembly.GlobalNamespace, symbols);
        }

        foreach (List<ControlMessageInfo> list in index._messagesByLevel.Values)
        {
            list.Sort(static (a, b) => a.Type.CompareTo(b.Type));
        }

        return index;
    }

    private void Walk(INamespaceSymbol ns, NetDropSymbols symbols)
    {
        foreach (INamespaceOrTypeSymbol member in ns.GetMembers())
        {
            if (member is INamespaceSymbol child)
            {
                Walk(child, symbols);
            }
            else if (member is INamedTypeSymbol type)
            {
                Walk(type, symbols);
            }
        }
    }

    private void Walk(INamedTypeSymbol type, NetDropSymbols symbols)
    {
        // Generated option and message constants live in static classes; skipping the rest keeps the walk cheap.
        if (type.TypeKind != TypeKind.Class || !type.IsStatic)
        {
            return;
        }

        foreach (ISymbol member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsConst: true } field)
            {
                if (member is INamedTypeSymbol nested)
                {
                    Walk(nested, symbols);
                }

                continue;
            }

            if (SocketOptionInfo.TryCreate(field, symbols) is { } option)
            {
                _options[(option.Level, option.Number)] = option;
            }
            else if (ControlMessageInfo.TryCreate(field, symbols) is { } message)
            {
                _messages[(message.Level, message.Type)] = message;
                _messagesByName[message.Name] = message;
                if (!_messagesByLevel.TryGetValue(message.Level, out List<ControlMessageInfo>? list))
                {
                    _messagesByLevel[message.Level] = list = new List<ControlMessageInfo>();
                }

                list.Add(message);
            }
        }
    }
}
