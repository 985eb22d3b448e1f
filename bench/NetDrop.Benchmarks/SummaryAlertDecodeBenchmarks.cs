using System;
using BenchmarkDotNet.Attributes;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Benchmarks;

/// <summary>Decoding the summary alerts of the real capture, drop points included.</summary>
[MemoryDiagnoser]
public class SummaryAlertDecodeBenchmarks
{
    private byte[][] _messages = Array.Empty<byte[]>();
    private NetDmTrafficDecoder _decoder = new();

    [GlobalSetup]
    public void Setup()
    {
        (_messages, ushort familyId) = CapturedMessages.Load("netdm-summary.pcap", NetDmCommand.Alert);
        _decoder = new NetDmTrafficDecoder(familyId);
    }

    [Benchmark]
    public ulong DecodeSummaryAlerts()
    {
        ulong sum = 0;
        foreach (byte[] bytes in _messages)
        {
            var reader = new NetlinkMessageReader(bytes);
            reader.TryReadNext(out NetlinkMessage message);
            TrafficMessage decoded = _decoder.Decode(message);
            if (NetDmSummaryAlert.TryParse(decoded.NetDm, out NetDmSummaryAlert alert, out _))
            {
                for (int i = 0; i < alert.Count; i++)
                {
                    NetDmDropPoint point = alert[i];
                    sum += point.ProgramCounter + point.Count;
                }
            }
        }

        return sum;
    }
}
