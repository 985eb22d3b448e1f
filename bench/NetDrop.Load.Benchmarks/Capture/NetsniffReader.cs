using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// netsniff-ng --out FILE.pcap --silent: its own TPACKET ring of the same size as NetDrop's
/// (--ring-size), no dissector, the NIC's IRQ affinity left alone (-Q); pinned by taskset like the others.
/// At exit it prints how many packets came in, passed its filter, and failed for lack of ring space.
/// </summary>
internal sealed partial class NetsniffReader : ExternalCaptureReader
{
    public NetsniffReader(LoadGenerator tools, LoadNetwork network, CaptureFileDirectory files, int? cpu, int ringKilobytes)
        : base(tools, network, files, cpu, ringKilobytes)
    {
    }

    public override string Name => "netsniff-ng";

    protected override string FileName => "netsniff.pcap";

    protected override string[] Command(string device, string file) =>
        ["netsniff-ng", "--in", device, "--out", file, "--silent", "-Q", "--ring-size", RingKilobytes.ToString(CultureInfo.InvariantCulture) + "KiB"];

    protected override (long Captured, long KernelDropped, string Detail) Counts(string printed)
    {
        Match passed = PassedLine().Match(printed);
        Match failed = FailedLine().Match(printed);
        if (!passed.Success || !failed.Success)
        {
            throw new HarnessException($"netsniff-ng did not print its packet counts: {printed.Trim()}");
        }

        long captured = long.Parse(passed.Groups[1].Value, CultureInfo.InvariantCulture);
        long dropped = long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture);
        return (captured, dropped, $"netsniff-ng: {dropped:N0} failed (out of space)");
    }

    [GeneratedRegex(@"(\d+)\s+packets passed filter")]
    private static partial Regex PassedLine();

    [GeneratedRegex(@"(\d+)\s+packets failed filter")]
    private static partial Regex FailedLine();
}
