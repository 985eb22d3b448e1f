using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetDrop.CaptureFiles;
using NetDrop.Cli;
using NetDrop.Cli.Watch;
using NetDrop.Cli.Watch.Filter;
using NetDrop.NetDm;
using NetDrop.Shared;
using NetDrop.Tests.Capture;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Cli;

/// <summary>The command's conventions, on the real binary: its name, errors, durations, version, completions, man page and JSON.</summary>
[Collection(nameof(LiveKernelCollection))]
public sealed class CommandConventionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-conv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void An_unknown_command_is_one_line_with_a_suggestion_and_exit_2()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "wacth");
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.Equal(["netdrop: unknown command 'wacth' (did you mean watch?); run 'netdrop --help' for the commands."], run.Stderr);
            Assert.Empty(run.Stdout);
        }
    }

    [Theory]
    [InlineData("read", "--jsn", "netdrop read: unknown option '--jsn' (did you mean --json?); run 'netdrop read --help' for the options.")]
    [InlineData("demo", "--sorce", "netdrop demo: unknown option '--sorce' (did you mean --source?); run 'netdrop demo --help' for the options.")]
    public void An_unknown_option_of_any_command_is_one_line_and_exit_2(string command, string option, string message)
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, command, option);
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.Equal([message], run.Stderr);
        }
    }

    [Theory]
    [InlineData("watch")]
    [InlineData("read")]
    [InlineData("specs sync")]
    public void Usage_lines_name_the_program_netdrop(string command)
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, [.. command.Split(' '), "--help"]);
        using (run)
        {
            Assert.Equal(0, exit);
            Assert.Contains($"  netdrop {command} [options]", run.Stdout.Select(l => l.Split('<')[0].TrimEnd()).Select(l => l.Replace(" [options]", "", StringComparison.Ordinal) + " [options]"));
            Assert.DoesNotContain(run.Stdout, l => l.Contains("NetDrop.Cli", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Demo_spells_its_source_choices_as_watch_does()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "demo", "--help");
        using (run)
        {
            Assert.Equal(0, exit);
            Assert.Contains(run.Stdout, l => l.Contains("--source <auto|bpf|netdm|tracepoint>", StringComparison.Ordinal));
            Assert.Contains(run.Stdout, l => l.Contains("-c, --count <N>", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Version_names_the_commit_the_binary_was_built_from()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "--version");
        using (run)
        {
            Assert.Equal(0, exit);
            string line = Assert.Single(run.Stdout);
            System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Regex.Match(line, @"^netdrop \d+\.\d+\.\d+ \(commit (?<commit>[0-9a-f]{40})\)$");
            Assert.True(match.Success, line);
            Assert.Equal(0, BoundedProcess.Run("git", ["-C", JsonSchemaDoc.RepositoryRoot(), "cat-file", "-e", match.Groups["commit"].Value + "^{commit}"], TimeSpan.FromSeconds(20)).ExitCode);
        }
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("5s", 5)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("1.5s", 1.5)]
    [InlineData("10", 10)]
    public void Durations_take_units_and_bare_numbers_are_seconds(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out TimeSpan value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("5x")]
    [InlineData("-1s")]
    [InlineData("s")]
    [InlineData("")]
    [InlineData("1e400")]
    public void Durations_refuse_what_is_not_one(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void A_duration_with_a_unit_is_taken_on_the_command_line()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--duration", "5x");
        using (run)
        {
            Assert.Equal(2, exit);
            Assert.StartsWith("netdrop watch: --duration: '5x' is not a duration", run.Stderr[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_bash_completion_loads_and_completes_commands_options_and_choices()
    {
        string script = $"""
            netdrop() {"{"} "{NetdropProcess.DotnetHost}" "{NetdropProcess.CliPath}" "$@"; {"}"}
            source <(netdrop completion bash) || exit 3
            complete -p netdrop || exit 4
            COMP_WORDS=(netdrop wat); COMP_CWORD=1; _netdrop; echo "commands: ${"{"}COMPREPLY[*]{"}"}"
            COMP_WORDS=(netdrop watch --sou); COMP_CWORD=2; _netdrop; echo "options: ${"{"}COMPREPLY[*]{"}"}"
            COMP_WORDS=(netdrop watch --source t); COMP_CWORD=3; _netdrop; echo "choices: ${"{"}COMPREPLY[*]{"}"}"
            COMP_WORDS=(netdrop capture -c); COMP_CWORD=2; _netdrop; echo "short: ${"{"}COMPREPLY[*]{"}"}"
            """;
        BoundedProcess.Outcome outcome = BoundedProcess.Run("bash", ["-c", script], Deadline);
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        string[] lines = outcome.Output.Split('\n');
        Assert.Contains("complete -o default -F _netdrop netdrop", lines);
        Assert.Contains("commands: watch", lines);
        Assert.Contains("options: --source", lines);
        Assert.Contains("choices: tracepoint", lines);
        Assert.Contains("short: -c", lines);
    }

    [Theory]
    [InlineData("zsh", "autoload -U +X bashcompinit")]
    [InlineData("fish", "complete -c netdrop -n '__fish_seen_subcommand_from watch' -l source -x -a 'auto bpf netdm tracepoint'")]
    public void Zsh_and_fish_completions_list_the_same_tree(string shell, string expected)
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "completion", shell);
        using (run)
        {
            Assert.Equal(0, exit);
            Assert.Contains(run.Stdout, l => l.StartsWith(expected, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_man_page_in_docs_is_what_the_command_tree_writes()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "man-page");
        using (run)
        {
            Assert.Equal(0, exit);
            string[] current = File.ReadAllLines(Path.Combine(JsonSchemaDoc.RepositoryRoot(), "docs", "netdrop.1"));
            Assert.True(current.SequenceEqual(run.Stdout),
                "docs/netdrop.1 is out of date: run 'dotnet tools/NetDrop.Cli/bin/Debug/net10.0/NetDrop.Cli.dll man-page > docs/netdrop.1'");
            Assert.Contains(".SS netdrop watch", run.Stdout);
            Assert.Contains(run.Stdout, l => l.StartsWith("\\fB\\-\\-kernel\\-filter\\fR", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Read_json_matches_docs_json_md()
    {
        string path = Path.Combine(_directory, "capture.pcapng");
        using (PcapNgWriter writer = PcapNgWriter.Create(path))
        {
            int eth = writer.AddInterface("veth0", LinkTypes.Ethernet, snapLength: 96);
            writer.WritePacket(eth, 1_765_000_000_123_456_789, NetDrop.Tests.Frames.TestFrames.TestFrame(60), 60, comment: "NO_SOCKET");
            writer.WritePacket(eth, 1_765_000_000_123_457_789, NetDrop.Tests.Frames.TestFrames.TestFrame(1500), 1500, dropCount: 3);
            writer.WriteStatistics(eth, new PcapNgStatistics { StartNanoseconds = 1_765_000_000_123_456_789, OsDropped = 3, UserDelivered = 2 });
        }

        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "read", "--json", path);
        using (run)
        {
            Assert.True(exit == 0, run.Transcript);
            AssertMatchesTheDoc(run.Stdout, ["frame", "statistics"]);
            JsonElement frame = JsonDocument.Parse(run.Stdout[0]).RootElement;
            Assert.Equal("udp", frame.GetProperty("proto").GetString());
            Assert.Equal(17, frame.GetProperty("proto_num").GetInt32());
            Assert.Equal("1765000000123456789", frame.GetProperty("time_ns").GetString());
        }
    }

    [Fact]
    public void Read_json_of_netlink_traffic_matches_docs_json_md()
    {
        string path = Path.Combine(JsonSchemaDoc.RepositoryRoot(), "testdata", "net_dm", "netdm-packet.pcap");
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "read", "--json", path);
        using (run)
        {
            Assert.True(exit == 0, run.Transcript);
            AssertMatchesTheDoc(run.Stdout, ["message"]);
        }
    }

    [Fact]
    public void Doctor_json_matches_docs_json_md()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "doctor", "--json");
        using (run)
        {
            Assert.True(exit == 0, run.Transcript);
            AssertMatchesTheDoc([string.Join('\n', run.Stdout)], ["doctor"]);
        }
    }

    [Fact]
    public void Read_of_a_directory_is_one_clear_line()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "read", _directory);
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            string line = Assert.Single(run.Stderr);
            Assert.StartsWith("netdrop read: ", line, StringComparison.Ordinal);
            Assert.Contains("directory", line, StringComparison.Ordinal);
            Assert.DoesNotContain("no such file", line, StringComparison.OrdinalIgnoreCase);
        }
    }

    [LiveKernelFact]
    public void Read_of_a_root_only_file_as_another_user_is_one_clear_line()
    {
        string path = Path.Combine(_directory, "root-only.pcapng");
        File.WriteAllBytes(path, PcapFile.Build(LinkTypes.Ethernet, [NetDrop.Tests.Frames.TestFrames.TestFrame(60)]));
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(_directory, (UnixFileMode)0x1ED);
        }

        (int exit, NetdropProcess run) = NetdropProcess.RunWithCapabilities(Deadline, "", "read", path);
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            string line = Assert.Single(run.Stderr);
            Assert.StartsWith("netdrop read: ", line, StringComparison.Ordinal);
            Assert.Contains("permission", line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(run.Stderr, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_filter_field_has_a_line_in_the_table_of_sources()
    {
        foreach (FilterFields.FieldInfo field in FilterFields.All)
        {
            Assert.True(FieldSources.Lists(field.Name), $"Watch/Filter/FieldSources.cs has no line for the filter field '{field.Name}'");
            Assert.NotEmpty(FieldSources.ProvidedBy(field.Name));
        }

        Assert.Equal([DropSource.NetDm, DropSource.Bpf], FieldSources.ProvidedBy("dport"));
        Assert.Empty(FieldSources.Missing(["reason", "symbol"], DropSource.Tracepoint));
        Assert.Equal(["iface", "dport"], FieldSources.Missing(["reason", "iface", "dport"], DropSource.Tracepoint).Select(m => m.Field));
    }

    [Fact]
    public void Function_is_a_filter_field_as_it_is_a_json_field()
    {
        DropFilter filter = DropFilter.Parse("function == nft_do_chain", ReasonNames.Catalogue);
        Assert.Equal(["symbol"], filter.Fields);
    }

    [Fact]
    public void Kernel_filter_reason_names_become_this_kernels_numbers()
    {
        (uint, string)[] table = [(2, "NO_SOCKET"), (16, "IP_INHDR")];
        Assert.Equal(("reason == 2 && common_pid == 7", null), KernelFilterReasons.Translate("reason == NO_SOCKET && common_pid == 7", table));
        Assert.Equal(("reason!=16 || reason == 3", null), KernelFilterReasons.Translate("reason!=SKB_DROP_REASON_IP_INHDR || reason == 3", table));
        Assert.Equal((null, "this kernel has no drop reason 'NO_SOKET'; did you mean NO_SOCKET?"), KernelFilterReasons.Translate("reason == NO_SOKET", table));
        Assert.StartsWith("reason NO_SOCKET: this kernel's reason table", KernelFilterReasons.Translate("reason == NO_SOCKET", []).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Modprobe_is_suggested_only_where_modules_can_be_loaded()
    {
        string proc = Path.Combine(_directory, "proc");
        Directory.CreateDirectory(Path.Combine(proc, "sys", "kernel"));
        Assert.False(NetDmUnavailableException.CanLoadModules(proc), "no /proc/modules: no CONFIG_MODULES");
        File.WriteAllText(Path.Combine(proc, "modules"), "");
        File.WriteAllText(Path.Combine(proc, "sys", "kernel", "modules_disabled"), "1\n");
        Assert.False(NetDmUnavailableException.CanLoadModules(proc), "modules_disabled=1");
        File.WriteAllText(Path.Combine(proc, "sys", "kernel", "modules_disabled"), "0\n");
        Assert.True(NetDmUnavailableException.CanLoadModules(proc));
        Assert.DoesNotContain("modprobe", NetDmUnavailableException.Describe(canLoadModules: false), StringComparison.Ordinal);
        Assert.Contains("modprobe drop_monitor", NetDmUnavailableException.Describe(canLoadModules: true), StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_error_reason_says_it_is_also_an_expired_ttl_while_forwarding()
    {
        // Measured on 6.18: UDP with TTL 1 (IPv4) or hop limit 1 (IPv6) through a forwarding namespace is
        // dropped as IP_INHDR by ip_forward and ip6_forward; the kernel's comment names only the header.
        string description = DropReasonCatalog.Description(DropReason.IpInhdr)!;
        Assert.StartsWith("there is something wrong with IP header (see IPSTATS_MIB_INHDRERRORS)", description, StringComparison.Ordinal);
        Assert.Contains("TTL (IPv4) or hop limit (IPv6) that ran out while forwarding", description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("132", 132)]
    [InlineData("abc", null)]
    [InlineData("5", null)]
    [InlineData(null, null)]
    public void Columns_sets_the_terminal_width_when_it_is_sensible(string? text, int? width) => Assert.Equal(width, ConsoleTerminal.Columns(text));

    /// <summary>Every line is an object docs/json.md describes, and together they cover <paramref name="types"/>.</summary>
    internal static void AssertMatchesTheDoc(IEnumerable<string> lines, string[] types)
    {
        JsonSchemaDoc doc = JsonSchemaDoc.Load();
        var seen = new HashSet<string>();
        foreach (string line in lines)
        {
            JsonElement record = JsonDocument.Parse(line).RootElement;
            Assert.Empty(doc.Problems(record));
            seen.Add(record.GetProperty("type").GetString()!);
        }

        Assert.Superset(new HashSet<string>(types), seen);
    }
}
