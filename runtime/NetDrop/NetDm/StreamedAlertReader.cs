using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.Kernel;

namespace NetDrop.NetDm;

/// <summary>
/// The state behind <see cref="NetDmClient.ReadAlertsAsync"/>: its own receive buffer, the place in
/// the datagram where it stopped, and one reused alert of each kind. Each alert it hands out
/// overwrites the last, and its payload is a slice of the receive buffer, which is only refilled once
/// every message in it has been handed out; so after warm-up reading an alert allocates nothing.
/// </summary>
internal sealed class StreamedAlertReader
{
    private readonly NetDmAlertDecoder _decoder;
    private readonly byte[] _datagram;
    private Refill _refill;
    private int _offset;
    private int _length;

    public StreamedAlertReader(NetDmAlertDecoder decoder, int datagramBytes, KernelSymbols? symbols)
    {
        _decoder = decoder;
        _datagram = new byte[datagramBytes];
        _refill = new Refill(_datagram, AlertText.Cached(symbols));
    }

    /// <summary>
    /// The alerts of <paramref name="source"/>'s datagrams through <paramref name="reader"/>, until
    /// <paramref name="cancellationToken"/> is cancelled. A MoveNextAsync that finds an alert queued
    /// completes synchronously, so the steady state allocates nothing.
    /// </summary>
    public static async IAsyncEnumerable<DropAlert> ReadAsync(IAlertDatagramSource source, StreamedAlertReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (reader.TryRead(out DropAlert? alert))
            {
                yield return alert!;
                continue;
            }

            if (source.TryReceive(reader))
            {
                continue;
            }

            try
            {
                await source.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    /// <summary>Where the next datagram goes; call <see cref="Received"/> after filling it.</summary>
    public byte[] ReceiveBuffer => _datagram;

    /// <summary>Takes the <paramref name="length"/> bytes just received into <see cref="ReceiveBuffer"/>.</summary>
    public void Received(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)_datagram.Length, nameof(length));
        _offset = 0;
        _length = length;
    }

    /// <summary>The next alert of the current datagram, valid until the next call; false when it has no more.</summary>
    public bool TryRead(out DropAlert? alert)
    {
        ReadOnlySpan<byte> datagram = _datagram.AsSpan(0, _length);
        while (_offset < _length)
        {
            _refill.Current = null;
            _decoder.DecodeNext(datagram, ref _offset, ref _refill);
            if (_refill.Current is not null)
            {
                alert = _refill.Current;
                return true;
            }
        }

        alert = null;
        return false;
    }

    private struct Refill : INetDmAlertHandler
    {
        private readonly byte[] _datagram;
        private readonly AlertText _text;
        private readonly PacketDropAlert _packet = new();
        private readonly SummaryDropAlert _summary = new();

        public Refill(byte[] datagram, AlertText text)
        {
            _datagram = datagram;
            _text = text;
        }

        public DropAlert? Current;

        public void OnPacketAlert(in NetDmPacketAlert alert)
        {
            _packet.Refill(alert, Slice(alert.Payload), Slice(alert.Attributes.FlowActionCookie), _text);
            Current = _packet;
        }

        public void OnSummaryAlert(in NetDmSummaryAlert alert)
        {
            _summary.Refill(alert, _text);
            Current = _summary;
        }

        public void OnHardwareSummaryAlert(in NetDmHwEntriesAttributes entries)
        {
            _summary.Refill(entries, _text);
            Current = _summary;
        }

        /// <summary>The same bytes as memory: views from the decoder always lie inside the datagram.</summary>
        private readonly ReadOnlyMemory<byte> Slice(ReadOnlySpan<byte> view) =>
            !view.IsEmpty && _datagram.AsSpan().Overlaps(view, out int start) ? _datagram.AsMemory(start, view.Length) : ReadOnlyMemory<byte>.Empty;
    }
}
