using System;
using System.Collections.Generic;
using System.Threading;
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
    private readonly byte[] _receiveBuffer;
    // The datagram being read: the receive buffer, or a recorded datagram read in place.
    private byte[] _datagram;
    private Refill _refill;
    private int _offset;
    private int _length;

    public StreamedAlertReader(NetDmAlertDecoder decoder, int datagramBytes, KernelSymbols? symbols)
    {
        _decoder = decoder;
        _receiveBuffer = new byte[datagramBytes];
        _datagram = _receiveBuffer;
        _refill = new Refill(AlertText.Cached(symbols));
    }

    /// <summary>
    /// The alerts of <paramref name="source"/>'s datagrams through <paramref name="reader"/>, until
    /// <paramref name="cancellationToken"/> is cancelled. A MoveNextAsync that finds an alert queued
    /// completes synchronously, so the steady state allocates nothing.
    /// </summary>
    public static IAsyncEnumerable<DropAlert> ReadAsync(IAlertDatagramSource source, StreamedAlertReader reader, CancellationToken cancellationToken) =>
        new StreamedAlerts(source, reader, cancellationToken);

    /// <summary>Where the next datagram goes; call <see cref="Received"/> after filling it.</summary>
    public byte[] ReceiveBuffer => _receiveBuffer;

    /// <summary>Takes the <paramref name="length"/> bytes just received into <see cref="ReceiveBuffer"/>.</summary>
    public void Received(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)_receiveBuffer.Length, nameof(length));
        _datagram = _receiveBuffer;
        _offset = 0;
        _length = length;
    }

    /// <summary>
    /// Takes <paramref name="datagram"/> as the next datagram, read where it is rather than copied into
    /// <see cref="ReceiveBuffer"/>; the caller leaves it unchanged until the reader asks for the next.
    /// </summary>
    public void ReceivedInPlace(byte[] datagram)
    {
        _datagram = datagram;
        _offset = 0;
        _length = datagram.Length;
    }

    /// <summary>The next alert of the current datagram, valid until the next call; false when it has no more.</summary>
    public bool TryRead(out DropAlert? alert)
    {
        ReadOnlySpan<byte> datagram = _datagram.AsSpan(0, _length);
        _refill.Datagram = _datagram;
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
        private readonly AlertText _text;
        private readonly PendingAlertNames _names;
        private readonly PacketDropAlert _packet = new();
        private readonly SummaryDropAlert _summary = new();

        public Refill(AlertText text)
        {
            _text = text;
            _names = new PendingAlertNames(text);
            Datagram = [];
        }

        /// <summary>The datagram the decoder's views lie in.</summary>
        public byte[] Datagram;

        public DropAlert? Current;

        public void OnPacketAlert(in NetDmPacketAlert alert)
        {
            _packet.RefillInPlace(alert, Datagram, Slice(alert.Payload), Slice(alert.Attributes.FlowActionCookie), _names);
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
            !view.IsEmpty && Datagram.AsSpan().Overlaps(view, out int start) ? Datagram.AsMemory(start, view.Length) : ReadOnlyMemory<byte>.Empty;
    }
}
