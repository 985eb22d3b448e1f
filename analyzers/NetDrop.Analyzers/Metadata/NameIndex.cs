using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetDrop.Analyzers.Metadata;

/// <summary>
/// The names that make a piece of syntax worth a semantic look: methods marked [SocketOptionSetter] or
/// [SocketOptionGetter], NET_DM request methods, catalogue enums, control-message constants. Analyzers
/// test syntax against these names first, so a method body with none of them is never bound for them;
/// binding every body again is what made analyzers cost a fifth of a compilation.
/// </summary>
/// <remarks>
/// Built once per compilation, on first use, from the attributes of the assembly that defines the
/// metadata attributes and of the assemblies that reference it, and from the compilation's own syntax.
/// </remarks>
internal sealed class NameIndex
{
    private NameIndex()
    {
    }

    /// <summary>Names of methods that set or get socket options: setsockopt and friends, and marked wrappers.</summary>
    public HashSet<string> SocketCalls { get; } = new(StringComparer.OrdinalIgnoreCase) { "setsockopt", "getsockopt", "SetRawSocketOption", "GetRawSocketOption" };

    /// <summary>Names of methods that make netlink requests whose order or content the kernel cares about (NET_DM start, stop, config).</summary>
    public HashSet<string> NetDmCalls { get; } = new(StringComparer.Ordinal);

    /// <summary>The rules of each request the spec gives any (by family and operation), from the builders that carry them.</summary>
    public Dictionary<(string Family, string Operation), NetlinkRequestInfo> RequestRules { get; } = new();

    // Request methods met while building, kept until every builder's rules are known: a hand-written
    // client may be met before the generated builders that say what its requests' rules are.
    private readonly List<NetlinkRequestInfo> _requests = new();
    private readonly List<string> _requestNames = new();
    private readonly List<MethodDeclarationSyntax> _sourceRequests = new();

    /// <summary>Names of drop-reason catalogue enums (DropReason).</summary>
    public HashSet<string> Catalogs { get; } = new(StringComparer.Ordinal);

    /// <summary>Names of control-message constants (PACKET_AUXDATA).</summary>
    public HashSet<string> ControlMessages { get; } = new(StringComparer.Ordinal);

    public static NameIndex Build(Compilation compilation, NetDropSymbols symbols)
    {
        var index = new NameIndex();
        INamedTypeSymbol? marker = symbols.DropReasonCatalog ?? symbols.SocketOption ?? symbols.NetlinkRequest;
        if (marker is null)
        {
            return index;
        }

        IAssemblySymbol metadata = marker.ContainingAssembly;
        var seen = new HashSet<IAssemblySymbol>(SymbolEqualityComparer.Default) { compilation.Assembly };
        index.Scan(compilation);
        index.Walk(metadata, seen, symbols);
        foreach (MetadataReference reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly && References(assembly, metadata))
            {
                index.Walk(assembly, seen, symbols);
            }
        }

        // The compilation's own request methods (a project's generated builders, its own client) are
        // few; only their declarations are bound.
        foreach (MethodDeclarationSyntax declaration in index._sourceRequests)
        {
            if (compilation.GetSemanticModel(declaration.SyntaxTree).GetDeclaredSymbol(declaration) is IMethodSymbol method)
            {
                index.AddRequest(method, symbols);
            }
        }

        for (int i = 0; i < index._requests.Count; i++)
        {
            NetlinkRequestInfo request = index._requests[i];
            if (request.HasRules || index.RequestRules.ContainsKey((request.Family, request.Operation)))
            {
                index.NetDmCalls.Add(index._requestNames[i]);
            }
        }

        return index;
    }

    private void AddRequest(IMethodSymbol method, NetDropSymbols symbols)
    {
        if (NetlinkRequestInfo.TryCreate(method, symbols, rules: null) is not { } request)
        {
            return;
        }

        _requests.Add(request);
        _requestNames.Add(method.Name);
        if (request.HasRules)
        {
            RequestRules[(request.Family, request.Operation)] = request;
        }
    }

    /// <summary>
    /// The compilation's own declarations, read from syntax: binding every member's attributes of a big
    /// project costs more than the rest of the analysis. A name that only looks right (an attribute of the
    /// same name from elsewhere) merely costs a semantic look later.
    /// </summary>
    private void Scan(Compilation compilation)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                switch (node)
                {
                    case MethodDeclarationSyntax method when method.AttributeLists.Count > 0:
                        if (Has(method.AttributeLists, "SocketOptionSetter") || Has(method.AttributeLists, "SocketOptionGetter"))
                        {
                            SocketCalls.Add(method.Identifier.ValueText);
                        }
                        else if (Has(method.AttributeLists, "NetlinkRequest"))
                        {
                            _sourceRequests.Add(method);
                        }

                        break;
                    case EnumDeclarationSyntax enumeration when Has(enumeration.AttributeLists, "DropReasonCatalog"):
                        Catalogs.Add(enumeration.Identifier.ValueText);
                        break;
                    case FieldDeclarationSyntax field when Has(field.AttributeLists, "ControlMessage"):
                        foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                        {
                            ControlMessages.Add(variable.Identifier.ValueText);
                        }

                        break;
                }
            }
        }
    }

    private static bool Has(SyntaxList<AttributeListSyntax> lists, string name)
    {
        foreach (AttributeListSyntax list in lists)
        {
            foreach (AttributeSyntax attribute in list.Attributes)
            {
                string? written = attribute.Name switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                    AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                    _ => null,
                };
                if (written == name || written == name + "Attribute")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool References(IAssemblySymbol assembly, IAssemblySymbol metadata)
    {
        foreach (IModuleSymbol module in assembly.Modules)
        {
            foreach (AssemblyIdentity identity in module.ReferencedAssemblies)
            {
                if (identity.Name == metadata.Identity.Name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void Walk(IAssemblySymbol assembly, HashSet<IAssemblySymbol> seen, NetDropSymbols symbols)
    {
        if (seen.Add(assembly))
        {
            Walk(assembly.GlobalNamespace, symbols);
        }
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
        if (type.TypeKind == TypeKind.Enum)
        {
            if (NetDropSymbols.Find(type, symbols.DropReasonCatalog) is not null)
            {
                Catalogs.Add(type.Name);
            }

            return;
        }

        foreach (ISymbol member in type.GetMembers())
        {
            switch (member)
            {
                case IMethodSymbol method when !method.GetAttributes().IsEmpty:
                    if (NetDropSymbols.Find(method, symbols.SocketOptionSetter) is not null
                        || NetDropSymbols.Find(method, symbols.SocketOptionGetter) is not null)
                    {
                        SocketCalls.Add(method.Name);
                    }
                    else if (NetDropSymbols.Find(method, symbols.NetlinkRequest) is not null)
                    {
                        AddRequest(method, symbols);
                    }

                    break;
                case IFieldSymbol { IsConst: true } field when NetDropSymbols.Find(field, symbols.ControlMessage) is not null:
                    ControlMessages.Add(field.Name);
                    break;
                case INamedTypeSymbol nested:
                    Walk(nested, symbols);
                    break;
            }
        }
    }
}
