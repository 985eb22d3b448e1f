namespace NetDrop.Analyzers.Metadata;

/// <summary>
/// Metadata names of the attributes the spec generator emits (runtime/NetDrop/Metadata). These are the
/// only NetDrop names the analyzers know: everything they check is found through these attributes.
/// </summary>
internal static class MetadataNames
{
    public const string DropReasonCatalog = "NetDrop.Metadata.DropReasonCatalogAttribute";
    public const string DropReasonInfo = "NetDrop.Metadata.DropReasonInfoAttribute";
    public const string KernelStruct = "NetDrop.Metadata.KernelStructAttribute";
    public const string SocketOption = "NetDrop.Metadata.SocketOptionAttribute";
    public const string SocketOptionVersion = "NetDrop.Metadata.SocketOptionVersionAttribute";
    public const string SocketOptionSetter = "NetDrop.Metadata.SocketOptionSetterAttribute";
    public const string SocketOptionGetter = "NetDrop.Metadata.SocketOptionGetterAttribute";
    public const string ControlMessage = "NetDrop.Metadata.ControlMessageAttribute";
    public const string NetlinkRequest = "NetDrop.Metadata.NetlinkRequestAttribute";
    public const string NetlinkAttributeParameter = "NetDrop.Metadata.NetlinkAttributeParameterAttribute";
    public const string KernelReasonNumber = "NetDrop.Metadata.KernelReasonNumberAttribute";
}
