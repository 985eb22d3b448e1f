namespace NetDrop.NetDm;

/// <summary>
/// Alerts lost or refused between the kernel and the caller. The kernel's own per-CPU queue drops
/// (alerts never sent) are in <see cref="NetDmStats"/>; these are the ones sent but not delivered.
/// </summary>
/// <param name="SocketDrops">Alerts the kernel could not queue on the event socket because it was full (sk_drops); null when the kernel cannot say.</param>
/// <param name="OverrunReports">ENOBUFS reports received; each stands for one or more of <paramref name="SocketDrops"/>.</param>
/// <param name="ForeignDatagrams">Datagrams from a process rather than the kernel, discarded.</param>
/// <param name="TruncatedDatagrams">Datagrams longer than the receive buffer, discarded.</param>
/// <param name="MalformedMessages">Messages that did not decode.</param>
public readonly record struct NetDmDeliveryLoss(
    long? SocketDrops,
    long OverrunReports,
    long ForeignDatagrams,
    long TruncatedDatagrams,
    long MalformedMessages);
