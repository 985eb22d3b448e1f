namespace NetDrop.Cli.Watch.Filter;

/// <summary>The fields of a drop a filter can test; <see cref="FilterFields"/> has their names and value kinds.</summary>
internal enum FilterField
{
    Reason,
    Subsystem,
    Symbol,
    Iface,
    IfIndex,
    Proto,
    EtherType,
    Src,
    Dst,
    SrcPort,
    DstPort,
    Vlan,
    Source,
    Hw,
    Netns,
    Mark,
}
