namespace NetDrop.Netlink.Sockets;

/// <summary>The receive buffer a netlink socket got.</summary>
/// <param name="Requested">Bytes asked for.</param>
/// <param name="Actual">Bytes the kernel reports (it doubles the request for its bookkeeping).</param>
/// <param name="Forced">True when SO_RCVBUFFORCE (CAP_NET_ADMIN) lifted the net.core.rmem_max cap.</param>
public readonly record struct ReceiveBufferSize(int Requested, int Actual, bool Forced);
