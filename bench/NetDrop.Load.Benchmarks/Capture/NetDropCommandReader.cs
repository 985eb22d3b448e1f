using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// netdrop capture -i IF -w FILE --ring-size N: the built command as a user runs it, a whole .NET
/// process (or the NativeAOT binary, with --netdrop), writing pcapng with every frame's gap and flags.
/// At the end it prints "Captured N frames" and "Dropped by the kernel: D of ..." (on stdout or
/// stderr: both are read).
/// </summary>
internal sealed partial class NetDropCommandReader : ExternalCaptureReader
{
    public const string ReaderName = "NetDrop";

    private readonly string _netdrop;

    public NetDropCommandReader(string netdrop, LoadGenerator tools, LoadNetwork network, CaptureFileDirectory files, int? cpu, int ringKilobytes)
        : base(tools, network, files, cpu, ringKilobytes)
    {
        _netdrop = netdrop;
    }

    public override string Name => ReaderName;

    protected override string FileName => "netdrop.pcapng";

    protected override string[] Command(string device, string file) =>
        [_netdrop, "capture", "-i", device, "-w", file, "--ring-size", RingKilobytes.ToString(CultureInfo.InvariantCulture) + "KiB"];

    protected override (long Captured, long KernelDropped, string Detail) Counts(string printed)
    {
        Match captured = CapturedLine().Match(printed);
        Match dropped = DroppedLine().Match(printed);
        if (!captured.Success || !dropped.Success)
        {
            throw new HarnessException($"netdrop capture did not print its counts: {printed.Trim()}");
        }

        long frames = long.Parse(captured.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        long drops = long.Parse(dropped.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        return (frames, drops, $"netdrop: {drops:N0} dropped by the kernel");
    }

    [GeneratedRegex(@"Captured ([\d,]+) frames")]
    private static partial Regex CapturedLine();

    [GeneratedRegex(@"Dropped by the kernel: ([\d,]+) of")]
    private static partial Regex DroppedLine();
}
