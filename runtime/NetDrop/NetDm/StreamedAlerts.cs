using System.Collections.Generic;
using System.Threading;

namespace NetDrop.NetDm;

/// <summary>
/// What <see cref="NetDmClient.ReadAlertsAsync"/> returns: a source of datagrams and the reader that
/// decodes them, enumerated by a <see cref="StreamedAlertEnumerator"/>. Enumerations share the reader
/// (and its reused alerts), as the async iterator this replaces shared its captured state.
/// </summary>
internal sealed class StreamedAlerts : IAsyncEnumerable<DropAlert>
{
    private readonly IAlertDatagramSource _source;
    private readonly StreamedAlertReader _reader;
    private readonly CancellationToken _readToken;

    public StreamedAlerts(IAlertDatagramSource source, StreamedAlertReader reader, CancellationToken readToken)
    {
        _source = source;
        _reader = reader;
        _readToken = readToken;
    }

    /// <param name="cancellationToken">WithCancellation's token; it ends the enumeration as the read's own token does.</param>
    public IAsyncEnumerator<DropAlert> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new StreamedAlertEnumerator(_source, _reader, _readToken, cancellationToken);
}
