using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// tcpdump -w FILE: libpcap's TPACKET_V3 ring of the same size as NetDrop's (-B), full frames, no
/// name resolution, staying root (-Z root) so it can write the harness's directory. It writes pcap,
/// whose record header is smaller than pcapng's enhanced packet block. At exit it prints
/// "N packets captured" and "M packets dropped by kernel".
/// </summary>
internal sealed partial class TcpdumpReader : ExternalCaptureReader
{
    public TcpdumpReader(LoadGenerator tools, LoadNetwork network, CaptureFileDirectory files, int? cpu, int ringKilobytes)
        : base(tools, network, files, cpu, ringKilobytes)
    {
    }

    public override string Name => "tcpdump";

    protected override string FileName => "tcpdump.pcap";

    protected override string[] Command(string device, string file) =>
        ["tcpdump", "-i", device, "-w", file, "-Z", "root", "-n", "-s", "262144", "-B", RingKilobytes.ToString(CultureInfo.InvariantCulture)];

    protected override (long Captured, long KernelDropped, string Detail) Counts(string printed)
    {
        long captured = Number(CapturedLine().Match(printed), "packets captured", printed);
        long dropped = Number(DroppedLine().Match(printed), "packets dropped by kernel", printed);
        return (captured, dropped, $"tcpdump: {dropped:N0} dropped by kernel");
    }

    private static long Number(Match match, string what, string printed) => match.Success
        ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
        : throw new HarnessException($"tcpdump did not print \"{what}\": {printed.Trim()}");

    [GeneratedRegex(@"(\d+) packets? captured")]
    private static partial Regex CapturedLine();

    [GeneratedRegex(@"(\d+) packets? dropped by kernel")]
    private static partial Regex DroppedLine();
}
