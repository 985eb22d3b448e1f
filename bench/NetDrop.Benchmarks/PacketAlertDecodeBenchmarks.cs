using System;
using BenchmarkDotNet.Attributes;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Benchmarks;

/// <summary>
/// Decoding the packet alerts of the real captures. The baseline walks the same messages with the bare
/// attribute reader and touches every payload, so the ratio is what the typed view and the field reads
/// cost on top of the minimum any decoder must do, measured in the same run on the same machine.
/// </summary>
[MemoryDiagnoser]
public class PacketAlertDecodeBenchmarks
{
    private byte[][] _messages = Array.Empty<byte[]>();
    private NetDmTrafficDecoder _decoder = new();

    [GlobalSetup]
    public void Setup()
    {
        (byte[][] first, ushort familyId) = CapturedMessages.Load("netdm-packet.pcap", NetDmCommand.PacketAlert);
        (byte[][] second, _) = CapturedMessages.Load("netdm-packet-swhw.pcap", NetDmCommand.PacketAlert);
        _messages = [.. first, .. second];
        _decoder = new NetDmTrafficDecoder(familyId);
    }

    /// <summary>How many messages one invocation decodes, so results read per message.</summary>
    public const int Messages = 19;

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public int WalkAttributes() => AlertFields.WalkAttributes(_messages, PacketAlertDecodeBenchmarks.Messages);

    [Benchmark(OperationsPerInvoke = Messages)]
    public ulong DecodePacketAlert()
    {
        ulong sum = 0;
        for (int i = 0; i < Messages; i++)
        {
            var reader = new NetlinkMessageReader(_messages[i % _messages.Length]);
            reader.TryReadNext(out NetlinkMessage message);
            TrafficMessage decoded = _decoder.Decode(message);
            sum += AlertFields.Sum(new NetDmPacketAlert(decoded.NetDm));
        }

        return sum;
    }
}
