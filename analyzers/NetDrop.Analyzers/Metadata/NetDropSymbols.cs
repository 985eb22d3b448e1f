using Microsoft.CodeAnalysis;

namespace NetDrop.Analyzers.Metadata;

/// <summary>
/// The metadata attribute types of one compilation. Analyzers resolve them once at compilation start
/// and register nothing when the compilation does not reference NetDrop, so they cost such a project
/// nothing.
/// </summary>
internal sealed class NetDropSymbols
{
    private NetDropSymbols(Compilation compilation)
    {
        DropReasonCatalog = compilation.GetTypeByMetadataName(MetadataNames.DropReasonCatalog);
        DropReasonInfo = compilation.GetTypeByMetadataName(MetadataNames.DropReasonInfo);
        KernelStruct = compilation.GetTypeByMetadataName(MetadataNames.KernelStruct);
        SocketOption = compilation.GetTypeByMetadataName(MetadataNames.SocketOption);
        SocketOptionVersion = compilation.GetTypeByMetadataName(MetadataNames.SocketOptionVersion);
        SocketOptionSetter = compilation.GetTypeByMetadataName(MetadataNames.SocketOptionSetter);
        SocketOptionGetter = compilation.GetTypeByMetadataName(MetadataNames.SocketOptionGetter);
        ControlMessage = compilation.GetTypeByMetadataName(MetadataNames.ControlMessage);
        NetlinkRequest = compilation.GetTypeByMetadataName(MetadataNames.NetlinkRequest);
        NetlinkAttributeParameter = compilation.GetTypeByMetadataName(MetadataNames.NetlinkAttributeParameter);
        KernelReasonNumber = compilation.GetTypeByMetadataName(MetadataNames.KernelReasonNumber);
    }

    public INamedTypeSymbol? DropReasonCatalog { get; }

    public INamedTypeSymbol? DropReasonInfo { get; }

    public INamedTypeSymbol? KernelStruct { get; }

    public INamedTypeSymbol? SocketOption { get; }

    public INamedTypeSymbol? SocketOptionVersion { get; }

    public INamedTypeSymbol? SocketOptionSetter { get; }

    public INamedTypeSymbol? SocketOptionGetter { get; }

    public INamedTypeSymbol? ControlMessage { get; }

    public INamedTypeSymbol? NetlinkRequest { get; }

    public INamedTypeSymbol? NetlinkAttributeParameter { get; }

    public INamedTypeSymbol? KernelReasonNumber { get; }

    public static NetDropSymbols Create(Compilation compilation) => new(compilation);

    /// <summary>The attribute of the given type on a symbol, or null.</summary>
    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return null;
        }

        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>A named argument of an attribute (<c>GetSize = 8</c>), or null.</summary>
    public static TypedConstant? Named(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return null;
    }
}
