namespace NetDrop.NetDm;

/// <summary>How <see cref="NetDmClient"/> sets up its sockets.</summary>
public sealed record NetDmClientOptions
{
    /// <summary>
    /// Receive queue of the event socket. Alerts come in bursts faster than any reader, and a full
    /// queue loses them; 32 MiB holds about 100,000 packet alerts of 300 bytes. Without
    /// CAP_NET_ADMIN the kernel caps it at net.core.rmem_max.
    /// </summary>
    public int ReceiveBufferBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Largest datagram read; a packet alert carries at most the truncation length of payload.</summary>
    public int DatagramBytes { get; init; } = 128 * 1024;

    /// <summary>
    /// Sends STOP when the process gets SIGINT, SIGTERM, SIGQUIT or SIGHUP, or ends on an unhandled
    /// exception, so the kernel is not left monitoring. The signal's own effect is unchanged.
    /// </summary>
    public bool StopOnProcessExit { get; init; } = true;
}
