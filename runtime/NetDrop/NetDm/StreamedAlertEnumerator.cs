using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace NetDrop.NetDm;

/// <summary>
/// One enumeration of <see cref="NetDmClient.ReadAlertsAsync"/>. Written by hand rather than as an
/// async iterator: while the current datagram (or the socket's queue) holds alerts, MoveNextAsync
/// decodes the next one and returns a completed <see cref="ValueTask{Boolean}"/> with no state machine
/// to resume; only when the socket is empty does it go asynchronous, through a pooled state machine,
/// so neither path allocates once warm. Ends (false) when the token is cancelled, checked before each
/// alert as the iterator did, or when the wait for datagrams is cancelled.
/// </summary>
internal sealed class StreamedAlertEnumerator : IAsyncEnumerator<DropAlert>
{
    private readonly IAlertDatagramSource _source;
    private readonly StreamedAlertReader _reader;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource? _linked;
    private DropAlert? _current;
    private bool _ended;

    public StreamedAlertEnumerator(IAlertDatagramSource source, StreamedAlertReader reader, CancellationToken cancellationToken, CancellationToken enumeratorToken)
    {
        _source = source;
        _reader = reader;

        // Both the method's token and WithCancellation's end the enumeration, as [EnumeratorCancellation] does.
        if (cancellationToken.CanBeCanceled && enumeratorToken.CanBeCanceled && cancellationToken != enumeratorToken)
        {
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, enumeratorToken);
            _cancellationToken = _linked.Token;
        }
        else
        {
            _cancellationToken = cancellationToken.CanBeCanceled ? cancellationToken : enumeratorToken;
        }
    }

    /// <summary>The alert the last MoveNextAsync found; valid until the next one.</summary>
    public DropAlert Current => _current ?? throw new InvalidOperationException("MoveNextAsync has not found an alert");

    public ValueTask<bool> MoveNextAsync()
    {
        if (!_ended && !_cancellationToken.IsCancellationRequested && _reader.TryRead(out _current))
        {
            return new ValueTask<bool>(true);
        }

        return ReceiveNext();
    }

    public ValueTask DisposeAsync()
    {
        Finish();
        _linked?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The current datagram is spent: the next queued one, or a wait for one.</summary>
    private ValueTask<bool> ReceiveNext()
    {
        while (!_ended && !_cancellationToken.IsCancellationRequested)
        {
            if (_reader.TryRead(out _current))
            {
                return new ValueTask<bool>(true);
            }

            if (_source.TryReceive(_reader))
            {
                continue;
            }

            ValueTask wait;
            try
            {
                wait = _source.WaitAsync(_cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (!wait.IsCompletedSuccessfully)
            {
                return WaitThenReceive(wait);
            }
        }

        Finish();
        return new ValueTask<bool>(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WaitThenReceive(ValueTask wait)
    {
        try
        {
            await wait.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Finish();
            return false;
        }

        return await ReceiveNext().ConfigureAwait(false);
    }

    private void Finish()
    {
        _ended = true;
        _current = null;
    }
}
