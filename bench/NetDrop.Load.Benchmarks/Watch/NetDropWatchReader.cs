using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// netdrop watch as a user runs it, its drops on standard output into a file: --source bpf or
/// tracepoint, --json or --mode packet. Each selects the load's drops in the kernel as a user would:
/// the BPF source with --filter on the reason and the sink's namespace (which the program tests before it
/// reserves a record), the tracepoint source with --kernel-filter on the reason, protocol and the
/// generator's tasks (tracefs has no namespace field). It is ready when it prints its Source line, after
/// the source is attached; it says what it lost in its last lines ("Lost by the source: N").
/// </summary>
internal sealed partial class NetDropWatchReader : WholeProcessDropReader
{
    private readonly string _netdrop;
    private readonly string _source;
    private readonly bool _json;
    private readonly uint _sinkNamespace;

    public NetDropWatchReader(string netdrop, string source, bool json, uint sinkNamespace, LoadGenerator tools, CaptureFileDirectory files, int? cpu)
        : base(tools, files, cpu)
    {
        _netdrop = netdrop;
        _source = source;
        _json = json;
        _sinkNamespace = sinkNamespace;
    }

    public override string Name => $"watch {_source} {(_json ? "json" : "packet")}";

    protected override string FileName => $"watch-{_source}.{(_json ? "json" : "txt")}";

    protected override string[] Command(DropLoad load, int generatorPid)
    {
        string[] output = _json ? ["--json"] : ["--mode", "packet"];
        string[] selection = _source == "bpf"
            ? ["--filter", string.Create(CultureInfo.InvariantCulture, $"reason == {load.ReasonName} && netns == {_sinkNamespace}")]
            : ["--kernel-filter", load.FilterFor(generatorPid)];
        return [_netdrop, "watch", "--source", _source, .. output, .. selection];
    }

    protected override bool IsReady(int pid, string output, string errors) => errors.Contains("Source: ", StringComparison.Ordinal);

    protected override (long Counted, long ToolLost, string Detail) Counts(string outputFile, string errors)
    {
        long counted = _json
            ? CountLines(outputFile, line => line.StartsWith("{\"type\":\"drop\""u8))
            : CountLines(outputFile, line => line.Length > 0 && char.IsAsciiDigit((char)line[0]));
        Match lost = LostLine().Match(errors);
        if (!lost.Success)
        {
            throw new HarnessException($"{Name} did not print what it lost: {errors.Trim()}");
        }

        long toolLost = lost.Groups[1].Value == "unknown" ? -1 : long.Parse(lost.Groups[1].Value, CultureInfo.InvariantCulture);
        return (counted, toolLost, "netdrop: lost by the source " + lost.Groups[1].Value + " (" + lost.Groups[2].Value + ")");
    }

    [GeneratedRegex(@"Lost by the source: (\d+|unknown) \((.*)\)\.")]
    private static partial Regex LostLine();
}
