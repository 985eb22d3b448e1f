using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The C floor (capfloor.c, compiled here with gcc -O2): a TPACKET_V3 ring of 16 × 256 KiB blocks
/// (whatever --ring-kb says), the same pcapng enhanced
/// packet blocks as netdrop capture writes, through a 1 MiB buffer, and nothing else per frame: what
/// netdrop's whole-process CPU per frame is held against. At exit it prints "captured N dropped D bytes B".
/// </summary>
internal sealed partial class CaptureFloorReader : ExternalCaptureReader
{
    public const string ReaderName = "C floor";

    public const int BlockSize = 256 * 1024;

    public const int BlockCount = 16;

    private readonly string _binary;

    private CaptureFloorReader(string binary, LoadGenerator tools, LoadNetwork network, CaptureFileDirectory files, int? cpu)
        : base(tools, network, files, cpu, BlockSize / 1024 * BlockCount)
    {
        _binary = binary;
    }

    public override string Name => ReaderName;

    protected override string FileName => "floor.pcapng";

    /// <summary>Compiles capfloor.c into the scratch directory.</summary>
    public static CaptureFloorReader Create(ScratchDirectory scratch, LoadGenerator tools, LoadNetwork network, CaptureFileDirectory files, int? cpu)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "capfloor.c");
        if (!File.Exists(source))
        {
            throw new HarnessException($"{source} is missing: the project copies capfloor.c to its output; rebuild it");
        }

        string binary = scratch.File("capfloor");
        Shell.Run("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", binary, source);
        return new CaptureFloorReader(binary, tools, network, files, cpu);
    }

    protected override string[] Command(string device, string file) =>
        [_binary, device, file, BlockSize.ToString(CultureInfo.InvariantCulture), BlockCount.ToString(CultureInfo.InvariantCulture)];

    protected override (long Captured, long KernelDropped, string Detail) Counts(string printed)
    {
        Match match = CountsLine().Match(printed);
        if (!match.Success)
        {
            throw new HarnessException($"the C floor did not print its counts: {printed.Trim()}");
        }

        long captured = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        long dropped = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return (captured, dropped, $"C floor: {dropped:N0} tp_drops");
    }

    [GeneratedRegex(@"captured (\d+) dropped (\d+) bytes (\d+)")]
    private static partial Regex CountsLine();
}
