namespace NetDrop.NetDm;

/// <summary>
/// One NET_DM alert, copied out of the receive buffer: a <see cref="PacketDropAlert"/> or a
/// <see cref="SummaryDropAlert"/>. This is the allocating convenience form of
/// <see cref="INetDmAlertHandler"/>.
/// </summary>
public abstract record DropAlert;
