using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Benchmarks;

/// <summary>
/// NetDmClient's receive path on the real captures' packet alerts, one datagram each, as the
/// events socket hands them over: through the zero-allocation handler API, and copied into
/// <see cref="PacketDropAlert"/>s as ReadAlertsAsync yields them. The baseline is the bare
/// attribute walk of the same messages, measured in the same run.
/// </summary>
[MemoryDiagnoser]
public class AlertReceiveBenchmarks
{
    private byte[][] _datagrams = Array.Empty<byte[]>();
    private NetDmAlertDecoder _decoder = new(0);
    private readonly List<DropAlert> _alerts = new(PacketAlertDecodeBenchmarks.Messages);

    [GlobalSetup]
    public void Setup()
    {
        (byte[][] first, ushort familyId) = CapturedMessages.Load("netdm-packet.pcap", NetDmCommand.PacketAlert);
        (byte[][] second, _) = CapturedMessages.Load("netdm-packet-swhw.pcap", NetDmCommand.PacketAlert);
        _datagrams = [.. first, .. second];
        _decoder = new NetDmAlertDecoder(familyId);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PacketAlertDecodeBenchmarks.Messages)]
    public int WalkAttributes() => AlertFields.WalkAttributes(_datagrams, PacketAlertDecodeBenchmarks.Messages);

    [Benchmark(OperationsPerInvoke = PacketAlertDecodeBenchmarks.Messages)]
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
    public int AsyncEnumerableCopies()
    {
        _alerts.Clear();
        var collector = new DropAlertCollector(_alerts, null);
        for (int i = 0; i < PacketAlertDecodeBenchmarks.Messages; i++)
        {
            _decoder.Decode(_datagrams[i % _datagrams.Length], ref collector);
        }

        return _alerts.Count;
    }

    private struct FieldReader : INetDmAlertHandler
    {
        public ulong Sum;

        public void OnPacketAlert(in NetDmPacketAlert alert) => Sum += AlertFields.Sum(alert);

        public readonly void OnSummaryAlert(in NetDmSummaryAlert alert)
        {
        }
    }
}
