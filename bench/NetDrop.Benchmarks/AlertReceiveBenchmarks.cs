using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using NetDrop.NetDm;

namespace NetDrop.Benchmarks;

/// <summary>
/// NetDmClient's receive path on the real captures' packet alerts, one datagram each, as the
/// events socket hands them over: the zero-allocation handler API (the baseline); the
/// <c>IAsyncEnumerable&lt;DropAlert&gt;</c> that ReadAlertsAsync returns, reusing its alerts, one
/// MoveNextAsync per alert on an enumerator that stays open as a consumer's does; and owned
/// copies (<see cref="DropAlertCollector"/>, what <see cref="DropAlert.ToOwned"/> costs a consumer
/// that keeps every alert). The bare attribute walk of the same messages is the floor. Each reads
/// the same fields of every alert.
/// </summary>
[MemoryDiagnoser]
public class AlertReceiveBenchmarks
{
    private byte[][] _datagrams = Array.Empty<byte[]>();
    private NetDmAlertDecoder _decoder = new(0);
    private IAsyncEnumerator<DropAlert>? _stream;
    private readonly List<DropAlert> _alerts = new(PacketAlertDecodeBenchmarks.Messages);

    [GlobalSetup]
    public void Setup()
    {
        (byte[][] first, ushort familyId) = CapturedMessages.Load("netdm-packet.pcap", NetDmCommand.PacketAlert);
        (byte[][] second, _) = CapturedMessages.Load("netdm-packet-swhw.pcap", NetDmCommand.PacketAlert);
        _datagrams = [.. first, .. second];
        _decoder = new NetDmAlertDecoder(familyId);
        var reader = new StreamedAlertReader(new NetDmAlertDecoder(familyId), new NetDmClientOptions().DatagramBytes, symbols: null);
        _stream = StreamedAlertReader.ReadAsync(new EndlessDatagrams(_datagrams), reader, CancellationToken.None).GetAsyncEnumerator();
    }

    [GlobalCleanup]
    public void Cleanup() => _stream?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = PacketAlertDecodeBenchmarks.Messages)]
    public int WalkAttributes() => AlertFields.WalkAttributes(_datagrams, PacketAlertDecodeBenchmarks.Messages);

    [Benchmark(Baseline = true, OperationsPerInvoke = PacketAlertDecodeBenchmarks.Messages)]
    public ulong HandlerApi()
    {
        var handler = new FieldReader();
        for (int i = 0; i < PacketAlertDecodeBenchmarks.Messages; i++)
        {
            _decoder.Decode(_datagrams[i % _datagrams.Length], ref handler);
        }

        return handler.Sum;
    }

    [Benchmark(OperationsPerInvoke = PacketAlertDecodeBenchmarks.Messages)]
    public ulong AsyncEnumerable()
    {
        IAsyncEnumerator<DropAlert> stream = _stream!;
        ulong sum = 0;
        for (int i = 0; i < PacketAlertDecodeBenchmarks.Messages; i++)
        {
            // Alerts are always queued here, so MoveNextAsync completes synchronously, as it does
            // for a consumer that keeps up with a burst.
            ValueTask<bool> next = stream.MoveNextAsync();
            if (!next.IsCompletedSuccessfully || !next.Result)
            {
                throw new InvalidOperationException("the recorded datagrams ran out");
            }

            sum += AlertFields.Sum((PacketDropAlert)stream.Current);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = PacketAlertDecodeBenchmarks.Messages)]
    public ulong OwnedCopies()
    {
        _alerts.Clear();
        var collector = new DropAlertCollector(_alerts, null);
        for (int i = 0; i < PacketAlertDecodeBenchmarks.Messages; i++)
        {
            _decoder.Decode(_datagrams[i % _datagrams.Length], ref collector);
        }

        ulong sum = 0;
        foreach (DropAlert alert in _alerts)
        {
            sum += AlertFields.Sum((PacketDropAlert)alert);
        }

        return sum;
    }

    private struct FieldReader : INetDmAlertHandler
    {
        public ulong Sum;

        public void OnPacketAlert(in NetDmPacketAlert alert) => Sum += AlertFields.Sum(alert);

        public readonly void OnSummaryAlert(in NetDmSummaryAlert alert)
        {
        }
    }

    /// <summary>
    /// The events socket's part: the recorded datagrams, round and round, read where they are, as the
    /// handler API reads them here (recv's copy is the kernel's, in both paths alike, and not measured).
    /// </summary>
    private sealed class EndlessDatagrams(byte[][] datagrams) : IAlertDatagramSource
    {
        private long _next;

        public bool TryReceive(StreamedAlertReader reader)
        {
            reader.ReceivedInPlace(datagrams[_next++ % datagrams.Length]);
            return true;
        }

        public ValueTask WaitAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
