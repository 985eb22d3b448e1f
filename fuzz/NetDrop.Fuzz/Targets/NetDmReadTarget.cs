using System;
using System.IO;
using System.Text;
using System.Text.Json;
using NetDrop.Cli;
using NetDrop.Cli.Read;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// `netdrop read` on a capture of NET_DM traffic, as text and as JSON: the capture reader, the cooked
/// header, the netlink walk, the controller and NET_DM decoders and both output forms. It must end with
/// "ok" or "damaged", never throw, and every JSON line it writes must parse.
/// </summary>
internal sealed class NetDmReadTarget : FuzzTarget
{
    // The command reads a path, so each input is written to one scratch file per process.
    private readonly string _path = Path.Combine(
        Environment.GetEnvironmentVariable("NETDROP_FUZZ_SCRATCH") ?? Path.GetTempPath(),
        $"netdrop-fuzz-read-{Environment.ProcessId}.pcap");

    public override string Name => "netdm-read";

    public override string Description => "captures of NET_DM traffic through `netdrop read` (netlink, nlctrl, NET_DM decoders; text and JSON)";

    public override void Run(ReadOnlySpan<byte> input)
    {
        using (var file = new FileStream(_path, FileMode.Create, FileAccess.Write))
        {
            file.Write(input);
        }

        int text = ReadRunner.Run(new ReadOptions(_path, Json: false, FamilyId: null, KallsymsPath: null), Stream.Null, TextWriter.Null);
        Invariants.That(text is ExitCodes.Ok or ExitCodes.Failed, $"netdrop read exited {text}");

        var json = new MemoryStream();
        int exit = ReadRunner.Run(new ReadOptions(_path, Json: true, FamilyId: null, KallsymsPath: null), json, TextWriter.Null);
        Invariants.That(exit == text, $"netdrop read exited {text} for text but {exit} for JSON");
        foreach (string line in Encoding.UTF8.GetString(json.GetBuffer(), 0, (int)json.Length).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(line);
                Invariants.That(document.RootElement.ValueKind == JsonValueKind.Object, "a JSON line is not an object");
            }
            catch (JsonException exception)
            {
                throw new InvariantViolationException($"netdrop read --json wrote a line that is not JSON ({exception.Message}): {line}");
            }
        }
    }
}
