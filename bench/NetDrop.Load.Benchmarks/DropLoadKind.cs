namespace NetDrop.Load.Benchmarks;

internal enum DropLoadKind
{
    /// <summary>Frames from an AF_PACKET TX ring to a MAC the sink veth does not have: ip_rcv drops them (OTHERHOST).</summary>
    Otherhost,

    /// <summary>UDP datagrams to 127.0.0.1:9 where nothing listens (NO_SOCKET).</summary>
    NoSocket,
}
