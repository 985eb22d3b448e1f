using System.Threading;
using System.Threading.Tasks;

namespace NetDrop.NetDm;

/// <summary>
/// Where a <see cref="StreamedAlertReader"/> gets its datagrams: NET_DM's events socket in
/// <see cref="NetDmClient"/>, recorded datagrams in tests and benchmarks.
/// </summary>
internal interface IAlertDatagramSource
{
    /// <summary>Receives the next queued datagram into <paramref name="reader"/> without waiting; false when none is queued.</summary>
    bool TryReceive(StreamedAlertReader reader);

    /// <summary>Waits, without holding a thread, until a datagram is queued.</summary>
    ValueTask WaitAsync(CancellationToken cancellationToken);
}
