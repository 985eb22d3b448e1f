using NetDrop.Tests.Tracing;
using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using NetDrop.Tests.Specs;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Agent;

/// <summary>
/// netdrop agent against the machine's kernel: the drops a test causes are the counts it serves, pushed
/// over OTLP too; as nobody with exactly the systemd unit's capabilities; a source taken away is reported,
/// retried and recovered; SIGHUP applies a changed --config file.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class AgentCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static string UnitPath => Path.Combine(SpecSyncFiles.RepoRoot, "deploy", "systemd", "netdrop-agent.service");

    [LiveKernelFact]
    public void The_drops_a_test_causes_are_the_counts_at_metrics_with_the_host_and_source_up()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using AgentProcess agent = AgentProcess.Start(null, "--source", "tracepoint", "--kernel-filter", sender.KernelFilter);
        Assert.Contains("\"message\":\"Source: the skb:kfree_skb tracepoint, as asked\"", agent.WaitForLog("source", Deadline));

        sender.Send(17);

        string scrape = agent.ScrapeUntil(s => Drops(s) >= 17, Deadline);
        Assert.Equal(17, Drops(scrape));
        Assert.Contains($"host=\"{Environment.MachineName}\",reason=\"NO_SOCKET\",subsystem=\"core\",function=\"__udp4_lib_rcv\"", scrape);
        Assert.Equal(1, AgentProcess.Sample(scrape, "netdrop_source_up"));
        Assert.Equal(0, AgentProcess.Sample(scrape, "netdrop_source_restarts_total"));

        agent.Process.Signal("TERM");
        Assert.Equal(0, agent.Process.WaitForExit(Deadline));
        JsonElement stop = JsonDocument.Parse(agent.WaitForLog("stop", Deadline)).RootElement;
        Assert.Equal(17, stop.GetProperty("matched").GetInt64());
        Assert.All(agent.Process.Stderr, line => JsonDocument.Parse(line));
        Assert.Empty(agent.Process.Stdout);
        Assert.False(Directory.Exists(TracefsInstances.InstancePath(agent.Process.Pid)), "the tracefs instance is removed at stop");
    }

    [LiveKernelFact]
    public void As_nobody_with_exactly_the_units_capabilities_the_agent_counts_drops_with_kernel_functions()
    {
        string capabilities = AgentProcess.UnitCapabilities(File.ReadAllText(UnitPath));
        Assert.Equal("dac_override,syslog", capabilities);
        Assert.Contains("--source tracepoint", File.ReadAllText(UnitPath));
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using AgentProcess agent = AgentProcess.Start(capabilities, "--source", "tracepoint", "--kernel-filter", sender.KernelFilter);

        sender.Send(6);

        string scrape = agent.ScrapeUntil(s => Drops(s) >= 6, Deadline);
        Assert.Equal(6, AgentProcess.Sample(scrape, "netdrop_drops_total", "function=\"__udp4_lib_rcv\""));
        Assert.DoesNotContain(agent.Process.Stderr, l => l.Contains("\"level\":\"error\"", StringComparison.Ordinal));
        Assert.DoesNotContain(agent.Process.Stderr, l => l.Contains("/proc/kallsyms hides them", StringComparison.Ordinal));
    }

    [LiveKernelFact]
    public void A_source_taken_away_is_reported_retried_and_recovered_and_the_metrics_show_it()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using AgentProcess agent = AgentProcess.Start(null, "--source", "tracepoint", "--kernel-filter", sender.KernelFilter);
        sender.Send(4);
        Assert.Equal(4, Drops(agent.ScrapeUntil(s => Drops(s) >= 4, Deadline)));

        // Another process turns the agent's event off, as a tool that resets tracefs would: no error, just silence.
        string instance = TracefsInstances.InstancePath(agent.Process.Pid);
        File.WriteAllText(Path.Combine(instance, "events", "skb", "kfree_skb", "enable"), "0");

        string error = agent.WaitForLog("source_error", Deadline);
        Assert.Contains("skb:kfree_skb was disabled in the tracefs instance", error);
        agent.WaitForLog("source", Deadline, count: 2);
        string up = agent.ScrapeUntil(s => AgentProcess.Sample(s, "netdrop_source_up") == 1 && AgentProcess.Sample(s, "netdrop_source_restarts_total") == 1, Deadline);
        Assert.Equal(1, AgentProcess.Sample(up, "netdrop_source_restarts_total"));
        Assert.Equal(1, AgentProcess.Sample(up, "netdrop_source_up"));
        // The instance is made again under the same name (the process's own), recording.
        Assert.Equal("1", File.ReadAllText(Path.Combine(TracefsInstances.InstancePath(agent.Process.Pid), "events", "skb", "kfree_skb", "enable")).Trim());

        sender.Send(5);
        Assert.Equal(9, Drops(agent.ScrapeUntil(s => Drops(s) >= 9, Deadline)));
    }

    [LiveKernelFact("unshare", "nsenter")]
    public void A_tracefs_instance_cannot_be_removed_under_the_agent_and_a_tracefs_unmounted_under_it_is_reported_and_recovered()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);

        // A mount namespace of the agent's own: the unmount below takes tracefs away from the agent only,
        // not from the machine (other processes' tracing goes on).
        using AgentProcess agent = AgentProcess.StartUnder("unshare", ["--mount", "--propagation", "private", NetdropProcess.DotnetHost],
            "--source", "tracepoint", "--kernel-filter", sender.KernelFilter);
        string pid = agent.Process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        sender.Send(4);
        Assert.Equal(4, Drops(agent.ScrapeUntil(s => Drops(s) >= 4, Deadline)));

        // Removing the instance: the kernel refuses while the agent's trace_pipe_raw files are open, and it records on.
        string instance = TracefsInstances.InstancePath(agent.Process.Pid);
        IOException busy = Assert.ThrowsAny<IOException>(() => Directory.Delete(instance));
        Assert.Equal(16, busy.HResult); // EBUSY
        sender.Send(3);
        Assert.Equal(7, Drops(agent.ScrapeUntil(s => Drops(s) >= 7, Deadline)));
        Assert.DoesNotContain(agent.Process.Stderr, l => l.Contains("\"event\":\"source_error\"", StringComparison.Ordinal));

        // What can take the instance away is tracefs going from under it (an unmount, a remount elsewhere):
        // the files stay open and silent, and the path is gone.
        Command.Run("nsenter", "-t", pid, "-m", "umount", "-l", "/sys/kernel/tracing");

        string error = agent.WaitForLog("source_error", Deadline);
        Assert.True(error.Contains("is gone (tracefs unmounted or remounted?)", StringComparison.Ordinal), error);
        Assert.Contains("\"retry_in_seconds\":1", error);

        // Reopened after 1 s: the agent mounts tracefs again in its namespace, removes its old instance (now
        // closed, so the kernel lets it go) and makes a new one.
        string reopened = agent.WaitForLog("source", Deadline, count: 2);
        Assert.Contains("\"restarts\":1", reopened);
        string up = agent.ScrapeUntil(s => AgentProcess.Sample(s, "netdrop_source_up") == 1 && AgentProcess.Sample(s, "netdrop_source_restarts_total") == 1, Deadline);
        Assert.Equal(1, AgentProcess.Sample(up, "netdrop_source_restarts_total"));
        Assert.Equal(1, AgentProcess.Sample(up, "netdrop_source_up"));
        Assert.Equal("1", File.ReadAllText(Path.Combine(instance, "events", "skb", "kfree_skb", "enable")).Trim());

        sender.Send(5);
        Assert.Equal(12, Drops(agent.ScrapeUntil(s => Drops(s) >= 12, Deadline)));
    }

    // Nothing outside the agent can detach its BPF program (docs/fleet.md): the program goes when its perf event's
    // last file reference is closed. What does happen is a program refused when the source is opened again, as
    // when the agent's bounding set lost CAP_BPF; that is the failure these two runs take the agent through.
    [LiveKernelFact]
    public void A_BPF_program_refused_is_retried_with_the_reason_and_auto_falls_back_to_the_tracepoint()
    {
        using (AgentProcess bpf = AgentProcess.StartAwaiting("perfmon,dac_override,syslog", "source_error", "--source", "bpf"))
        {
            string second = bpf.WaitForLog("source_error", Deadline, count: 2);
            Assert.Contains("it needs CAP_BPF (or root)", second);
            Assert.Contains("\"source\":\"bpf\"", second);
            Assert.Contains("\"retry_in_seconds\":2", second);
            bpf.AssertServingWithSourceDown();
        }

        using AgentProcess auto = AgentProcess.Start("perfmon,dac_override,syslog", "--source", "auto");
        string source = auto.WaitForLog("source", Deadline);
        Assert.Contains("\"source\":\"tracepoint\"", source);
        Assert.Contains("not NetDrop's BPF program: it needs CAP_BPF (or root)", source);
        Assert.Equal(1, AgentProcess.Sample(auto.Scrape(), "netdrop_source_up"));
    }

    [LiveKernelFact]
    public void Without_the_rights_for_any_source_the_agent_keeps_serving_retries_with_a_growing_wait_and_says_why()
    {
        using AgentProcess agent = AgentProcess.StartAwaiting("", "source_error", "--source", "tracepoint");

        string second = agent.WaitForLog("source_error", Deadline, count: 2);
        string third = agent.WaitForLog("source_error", Deadline, count: 3);
        Assert.Contains("\"retry_in_seconds\":2", second);
        Assert.Contains("\"retry_in_seconds\":4", third);
        Assert.Contains("run as root", third);
        agent.AssertServingWithSourceDown();
    }

    [Theory]
    [InlineData(new[] { "agent" }, "netdrop agent: nothing to publish to: give --listen ADDRESS:PORT")]
    [InlineData(new[] { "agent", "--listen", "127.0.0.1:9464", "--config", "/nonexistent/agent.conf" }, "netdrop agent: --config: ")]
    [InlineData(new[] { "agent", "--listen", "9464" }, "netdrop agent: --listen must be ADDRESS:PORT")]
    [InlineData(new[] { "agent", "--listen", "127.0.0.1:9464", "--bogus" }, "netdrop agent: unknown option '--bogus'")]
    public void Bad_arguments_exit_2_with_one_line_saying_what_to_do(string[] arguments, string expected)
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, arguments);
        using (run)
        {
            Assert.Equal(2, exit);
            Assert.StartsWith(expected, run.Stderr[0]);
            Assert.Equal("Run 'netdrop agent --help' for the options and examples.", run.Stderr[^1]);
        }
    }

    [LiveKernelFact]
    public void Sighup_applies_a_changed_config_file_and_a_broken_one_leaves_the_running_settings()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        string directory = Directory.CreateTempSubdirectory("netdrop-agent-config-").FullName;
        try
        {
            string config = Path.Combine(directory, "agent.conf");
            File.WriteAllText(config, $"source: tracepoint\nkernel-filter: \"{sender.KernelFilter}\"\n");
            using AgentProcess agent = AgentProcess.Start(null, "--config", config);
            sender.Send(3);
            Assert.Equal(3, Drops(agent.ScrapeUntil(s => Drops(s) >= 3, Deadline)));

            // The filter now keeps nothing these drops match.
            File.WriteAllText(config, $"source: tracepoint\nkernel-filter: \"{sender.KernelFilter}\"\nfilter: reason == TCP_CSUM\n");
            agent.Process.Signal("HUP");
            agent.WaitForLog("source", Deadline, count: 2);
            Assert.Contains(agent.Process.Stderr, l => l.Contains("\"message\":\"configuration applied\"", StringComparison.Ordinal) && l.Contains("reason == TCP_CSUM", StringComparison.Ordinal));
            sender.Send(4);
            Thread.Sleep(1500);
            Assert.Equal(3, Drops(agent.Scrape()));

            File.WriteAllText(config, "sauce: tracepoint\n");
            agent.Process.Signal("HUP");
            agent.WaitForLog("source", Deadline, count: 3);
            Assert.Contains(agent.Process.Stderr, l => l.Contains("the configuration is not changed:", StringComparison.Ordinal) && l.Contains("line 1: unknown key 'sauce'", StringComparison.Ordinal));
            sender.Send(2);
            Thread.Sleep(1500);
            Assert.Equal(3, Drops(agent.Scrape()));
            Assert.Equal(1, AgentProcess.Sample(agent.Scrape(), "netdrop_source_up"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [LiveKernelFact]
    public void With_otlp_the_counts_and_the_source_restarts_reach_a_collector()
    {
        using var receiver = new NetDrop.Tests.Metrics.OtlpReceiver();
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using AgentProcess agent = AgentProcess.Start(null, "--source", "tracepoint", "--kernel-filter", sender.KernelFilter,
            "--otlp", receiver.Endpoint.ToString(), "--otlp-interval", "1");

        sender.Send(8);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (receiver.Latest.Where(p => p.Metric == "netdrop.drops").Sum(p => p.Value) < 8 && clock.Elapsed < Deadline)
        {
            Thread.Sleep(200);
        }

        Assert.Empty(receiver.Problems);
        var point = Assert.Single(receiver.Latest, p => p.Metric == "netdrop.drops");
        Assert.Equal(8, point.Value);
        Assert.Equal("NO_SOCKET", point.Label("reason"));
        Assert.Equal(0, Assert.Single(receiver.Latest, p => p.Metric == "netdrop.source_restarts").Value);
        Assert.Equal(8, Drops(agent.Scrape()));
    }

    [ToolFact("systemd-analyze")]
    public void The_systemd_unit_passes_systemd_analyze_verify()
    {
        string directory = Directory.CreateTempSubdirectory("netdrop-agent-unit-").FullName;
        try
        {
            // verify wants ExecStart's binary to exist: the built command stands in for /usr/local/bin/netdrop.
            string unit = File.ReadAllText(UnitPath).Replace("/usr/local/bin/netdrop", Path.Combine(AppContext.BaseDirectory, "NetDrop.Cli"), StringComparison.Ordinal);
            string path = Path.Combine(directory, "netdrop-agent.service");
            File.WriteAllText(path, unit);

            var run = NetDrop.Shared.BoundedProcess.Run("systemd-analyze", ["verify", path], TimeSpan.FromSeconds(60));
            Assert.True(run.ExitCode == 0 && run.Error.Trim().Length == 0, $"systemd-analyze verify: exit {run.ExitCode}\n{run.Output}\n{run.Error}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static long Drops(string scrape) => AgentProcess.Sample(scrape, "netdrop_drops_total", "reason=\"NO_SOCKET\"");
}
