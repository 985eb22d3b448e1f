using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetDrop.Netlink.Generic;
using NetDrop.Tracing;

using NetDrop.Tests.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Doctor;

/// <summary>`netdrop doctor` end to end: the real binary, its report checked against what this machine really has.</summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class DoctorCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>An ordinary user: nobody, no groups, no capabilities.</summary>
    private static readonly string[] AsNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"];

    /// <summary>Root without CAP_NET_RAW, as a container may run it.</summary>
    private static readonly string[] WithoutNetRaw = ["setpriv", "--inh-caps=-net_raw", "--bounding-set=-net_raw"];

    [Fact]
    public void Help_describes_the_report_with_examples_and_exit_codes()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "doctor", "--help");
        using (run)
        {
            string help = string.Join('\n', run.Stdout);

            Assert.Equal(0, exit);
            Assert.Contains("--json", help);
            Assert.Contains("Examples:", help);
            Assert.Contains("sudo netdrop doctor --json | jq '.drop_reasons.kernel_only'", help);
            Assert.Contains("Exit codes: 0 when the report was made (even if features are missing), 1 when it cannot", help);
        }
    }

    [Theory]
    [InlineData("netdrop doctor: unknown option '--verbose'", "--verbose")]
    [InlineData("netdrop doctor: unexpected argument 'now'", "now")]
    public void Bad_arguments_are_one_clear_line_and_exit_2(string message, params string[] arguments)
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, ["doctor", .. arguments]);
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.Equal([message, "Run 'netdrop doctor --help' for the options and examples."], run.Stderr);
            Assert.Empty(run.Stdout);
        }
    }

    [LiveKernelFact]
    public void The_json_report_matches_what_this_machine_has_and_leaves_nothing_behind()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "doctor", "--json");
        using (run)
        {
            Assert.True(exit == 0, run.Transcript);
            Assert.Empty(run.Stderr);
            using JsonDocument json = JsonDocument.Parse(string.Join('\n', run.Stdout));
            JsonElement report = json.RootElement;

            Assert.Equal(Command.Run("uname", "-r").Trim(), report.GetProperty("kernel").GetProperty("release").GetString());
            Assert.Equal(CapEff(File.ReadAllText("/proc/self/status")), report.GetProperty("capabilities").GetProperty("mask").GetString());

            // NET_DM: as the controller lists it, and the kernel's own config line for it.
            bool listed;
            using (GenericNetlinkConnection connection = GenericNetlinkConnection.Open())
            {
                listed = connection.ListFamilies().Any(f => f.Name == "NET_DM");
            }

            JsonElement netDm = report.GetProperty("net_dm");
            Assert.Equal(listed, netDm.GetProperty("registered").GetBoolean());
            Assert.Equal(listed ? "ok" : "missing", Finding(report, "NET_DM").GetProperty("status").GetString());
            if (ConfigLine("CONFIG_NET_DROP_MONITOR") is { } line)
            {
                Assert.Equal("/proc/config.gz", netDm.GetProperty("config_source").GetString());
                Assert.Equal(line.StartsWith('#') ? "not set" : line.Split('=')[1], netDm.GetProperty("config_value").GetString());
            }

            Assert.Equal(File.Exists("/proc/modules"), netDm.GetProperty("modules_supported").GetBoolean());

            // The tracepoint and the reasons it names, counted here from the format text.
            string tracefs = Tracefs.Locate();
            string format = File.ReadAllText(Path.Combine(tracefs, "events/skb/kfree_skb/format"));
            Assert.Equal(tracefs, report.GetProperty("tracefs").GetProperty("mount_point").GetString());
            Assert.True(report.GetProperty("kfree_skb").GetProperty("present").GetBoolean());
            Assert.True(report.GetProperty("kfree_skb").GetProperty("has_reason").GetBoolean());
            int kernelReasons = ReasonEntry().Matches(format).Count(m => m.Groups[1].Value is not ("MAX" or "NOT_DROPPED_YET" or "CONSUMED"));
            JsonElement reasons = report.GetProperty("drop_reasons");
            Assert.Equal(kernelReasons, reasons.GetProperty("kernel").GetInt32());
            Assert.Equal(DropReasonCatalog.Count, reasons.GetProperty("catalog").GetInt32());
            Assert.All(reasons.GetProperty("kernel_only").EnumerateArray(), name => Assert.Contains($"\"{name.GetString()}\" }}", format));
            Assert.All(reasons.GetProperty("catalog_only").EnumerateArray(), name => Assert.DoesNotContain($"\"{name.GetString()}\" }}", format));

            // Root may use every TPACKET version.
            Assert.Equal(
                ["TPACKET_V1", "TPACKET_V2", "TPACKET_V3"],
                report.GetProperty("tpacket").GetProperty("versions").EnumerateArray().Where(v => v.GetProperty("usable").GetBoolean()).Select(v => v.GetProperty("version").GetString()));

            // The source watch would read, opened and closed again: no instance of the doctor's process left.
            JsonElement source = report.GetProperty("drop_source");
            // Root here has CAP_BPF, CAP_PERFMON and BTF: the program loads, and auto prefers it to NET_DM.
            JsonElement bpf = report.GetProperty("bpf");
            Assert.True(bpf.GetProperty("loads").GetBoolean(), bpf.ToString());
            Assert.True(bpf.GetProperty("btf_present").GetBoolean());
            Assert.Equal("ok", Finding(report, "BPF").GetProperty("status").GetString());
            Assert.Equal("bpf", source.GetProperty("source").GetString());
            Assert.True(source.GetProperty("opened").GetBoolean());
            Assert.Equal("NetDrop's BPF program on the skb:kfree_skb tracepoint, 128 bytes per packet", source.GetProperty("explanation").GetString());

            Assert.False(Directory.Exists(TracefsInstances.InstancePath(run.Pid)));
            Assert.Equal(9, report.GetProperty("findings").GetArrayLength());
        }
    }

    [LiveKernelFact]
    public void The_text_report_has_a_row_per_finding_and_the_lists_behind_them()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "doctor");
        using (run)
        {
            string text = string.Join('\n', run.Stdout);

            Assert.True(exit == 0, run.Transcript);
            foreach (string topic in new[] { "kernel", "privileges", "NET_DM", "tracefs", "skb:kfree_skb", "BPF", "drop reasons", "TPACKET", "drop source" })
            {
                Assert.Matches($@"│ (ok|warning|missing) +│ {Regex.Escape(topic)} +│", text);
            }

            Assert.Matches(@"│ ok +│ TPACKET +│ TPACKET_V1, TPACKET_V2, TPACKET_V3 usable", text);
            Assert.DoesNotContain("not usable", text);
            Assert.Matches(@"Reasons this kernel names that NetDrop's catalogue lacks \(\d+\)", text);
            Assert.Matches(@"Reasons in NetDrop's catalogue that this kernel does not name \(\d+\)", text);
        }
    }

    [LiveKernelFact]
    public void An_ordinary_user_gets_a_report_that_says_what_root_would_add()
    {
        (int exit, string stdout, string stderr) = RunUnder(AsNobody, "doctor", "--json");

        Assert.True(exit == 0, stderr + stdout);
        using JsonDocument json = JsonDocument.Parse(stdout);
        JsonElement report = json.RootElement;
        Assert.Equal("0000000000000000", report.GetProperty("capabilities").GetProperty("mask").GetString());
        Assert.Empty(report.GetProperty("capabilities").GetProperty("held").EnumerateArray());
        Assert.Equal("missing", Finding(report, "privileges").GetProperty("status").GetString());
        Assert.StartsWith("run as root (sudo netdrop ...) for CAP_NET_ADMIN", Finding(report, "privileges").GetProperty("remedy").GetString());

        // AF_PACKET needs CAP_NET_RAW: EPERM, said as a warning with what to do.
        Assert.Equal(1, report.GetProperty("tpacket").GetProperty("errno").GetInt32());
        Assert.Equal("run as root (CAP_NET_RAW) to open AF_PACKET sockets", Finding(report, "TPACKET").GetProperty("remedy").GetString());

        // tracefs is root's: mounted, but the event cannot be read, and no source opens.
        Assert.Equal(JsonValueKind.Null, report.GetProperty("kfree_skb").GetProperty("present").ValueKind);
        Assert.Equal("run as root: tracefs is readable by root only", Finding(report, "skb:kfree_skb").GetProperty("remedy").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("drop_reasons").ValueKind);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("drop_source").GetProperty("source").ValueKind);
        Assert.Equal("run as root: both sources need privileges", Finding(report, "drop source").GetProperty("remedy").GetString());

        // What needs no rights is still found.
        Assert.Equal(Command.Run("uname", "-r").Trim(), report.GetProperty("kernel").GetProperty("release").GetString());
        Assert.Equal(Tracefs.Locate(), report.GetProperty("tracefs").GetProperty("mount_point").GetString());
    }

    [LiveKernelFact]
    public void Root_without_cap_net_raw_loses_only_the_packet_socket()
    {
        (int exit, string stdout, string stderr) = RunUnder(WithoutNetRaw, "doctor", "--json");

        Assert.True(exit == 0, stderr + stdout);
        using JsonDocument json = JsonDocument.Parse(stdout);
        JsonElement report = json.RootElement;
        Assert.DoesNotContain("CAP_NET_RAW", report.GetProperty("capabilities").GetProperty("held").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("CAP_NET_ADMIN", report.GetProperty("capabilities").GetProperty("held").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("warning", Finding(report, "privileges").GetProperty("status").GetString());
        Assert.Equal("run as root (sudo netdrop ...) for CAP_NET_RAW (AF_PACKET sockets: capture and the TPACKET check)", Finding(report, "privileges").GetProperty("remedy").GetString());
        Assert.Equal(1, report.GetProperty("tpacket").GetProperty("errno").GetInt32());
        Assert.True(report.GetProperty("kfree_skb").GetProperty("present").GetBoolean());
        Assert.True(report.GetProperty("drop_source").GetProperty("opened").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, report.GetProperty("drop_source").GetProperty("source").ValueKind);
    }

    private static JsonElement Finding(JsonElement report, string topic) =>
        report.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("topic").GetString() == topic);

    private static string CapEff(string status) => status.Split('\n').Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal)).Substring(7).Trim();

    /// <summary>The option's line in /proc/config.gz ("CONFIG_X=m" or "# CONFIG_X is not set"), or null without that file or line.</summary>
    private static string? ConfigLine(string option)
    {
        if (!File.Exists("/proc/config.gz"))
        {
            return null;
        }

        using var reader = new StreamReader(new GZipStream(File.OpenRead("/proc/config.gz"), CompressionMode.Decompress));
        return reader.ReadToEnd().Split('\n').FirstOrDefault(l => l.StartsWith(option + "=", StringComparison.Ordinal) || l == $"# {option} is not set");
    }

    /// <summary>Runs the CLI under a wrapper that changes its rights (setpriv), from a directory anyone may enter.</summary>
    private static (int Exit, string Stdout, string Stderr) RunUnder(string[] wrapper, params string[] arguments)
    {
        // A checkout under /root (mode 700) is out of nobody's reach: run a copy from the temp folder then.
        string? copy = OthersCanRead(AppContext.BaseDirectory) ? null : CopyOutput();
        try
        {
            return RunUnder(wrapper, copy is null ? NetdropProcess.CliPath : Path.Combine(copy, Path.GetFileName(NetdropProcess.CliPath)), arguments);
        }
        finally
        {
            if (copy is not null)
            {
                Directory.Delete(copy, recursive: true);
            }
        }
    }

    private static bool OthersCanRead(string directory)
    {
        for (var folder = new DirectoryInfo(directory); folder is not null; folder = folder.Parent)
        {
            if ((folder.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return (File.GetUnixFileMode(NetdropProcess.CliPath) & UnixFileMode.OtherRead) != 0;
    }

    private static string CopyOutput()
    {
        const UnixFileMode Everyone = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        string copy = Directory.CreateTempSubdirectory($"netdrop-doctor-{Environment.ProcessId}-").FullName;
        File.SetUnixFileMode(copy, Everyone);
        foreach (string file in Directory.GetFiles(AppContext.BaseDirectory))
        {
            string target = Path.Combine(copy, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, Everyone);
        }

        return copy;
    }

    private static (int Exit, string Stdout, string Stderr) RunUnder(string[] wrapper, string cli, string[] arguments)
    {
        var start = new ProcessStartInfo(wrapper[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (string argument in wrapper.Skip(1).Concat([NetdropProcess.DotnetHost, cli]).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["COLUMNS"] = "200";
        start.Environment["NO_COLOR"] = "1";
        using Process process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"netdrop {string.Join(' ', arguments)} under {wrapper[0]} did not finish in {Deadline.TotalSeconds} s");
        }

        return (process.ExitCode, stdout.Result, stderr);
    }

    [GeneratedRegex("""\{ -?\d+, "([A-Z0-9_]+)" \}""")]
    private static partial Regex ReasonEntry();
}
