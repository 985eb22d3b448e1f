using NetDrop.Tests.LiveKernel;
using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetDrop.Tests.Specs;

namespace NetDrop.Tests.Agent;

/// <summary>The files of deploy/: the alert rules behave as they say, and the dashboard and the DaemonSet name what the agent publishes and needs.</summary>
public sealed partial class DeployFilesTests
{
    private static string Deploy => Path.Combine(SpecSyncFiles.RepoRoot, "deploy");

    [ToolFact("promtool")]
    public void The_rules_load_and_their_unit_tests_pass_in_promtool()
    {
        string rules = Path.Combine(Deploy, "prometheus");
        var check = NetDrop.Shared.BoundedProcess.Run("promtool", ["check", "rules", Path.Combine(rules, "netdrop-rules.yml")], TimeSpan.FromSeconds(60));
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        var test = NetDrop.Shared.BoundedProcess.Run("promtool", ["test", "rules", Path.Combine(rules, "netdrop-rules.test.yml")], TimeSpan.FromSeconds(120));
        Assert.True(test.ExitCode == 0, test.Output + test.Error);
        Assert.Contains("SUCCESS", test.Output);
    }

    [Fact]
    public void The_dashboard_queries_only_metrics_the_agent_publishes()
    {
        using JsonDocument dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Deploy, "grafana", "netdrop-dashboard.json")));
        string[] expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToArray();
        string[] published = ["netdrop_drops_total", "netdrop_lost_events_total", "netdrop_source_up", "netdrop_source_restarts_total", "netdrop_unexported_measurements_total", "up"];

        Assert.True(expressions.Length >= 10);
        string[] used = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).Distinct().ToArray();
        Assert.All(used, name => Assert.Contains(name, published));
        Assert.Equal(published.Order(), used.Order());
        foreach (string by in new[] { "by (reason)", "by (function)", "by (interface)", "by (host, node)" })
        {
            Assert.Contains(expressions, e => e.Contains(by, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_daemonset_asks_for_the_units_capabilities_and_is_not_privileged()
    {
        string daemonSet = File.ReadAllText(Path.Combine(Deploy, "kubernetes", "daemonset.yaml"));
        string unit = File.ReadAllText(Path.Combine(Deploy, "systemd", "netdrop-agent.service"));

        Assert.Contains("privileged: false", daemonSet);
        Assert.DoesNotContain("privileged: true", daemonSet);
        Assert.DoesNotMatch(@"(?m)^\s*hostNetwork:\s*true", daemonSet);
        Assert.DoesNotMatch(@"(?m)^\s*hostPID:\s*true", daemonSet);
        Assert.Contains("add: [\"DAC_OVERRIDE\", \"SYSLOG\"]", daemonSet);
        Assert.Contains("AmbientCapabilities=CAP_DAC_OVERRIDE CAP_SYSLOG\n", unit);
        Assert.Contains("CapabilityBoundingSet=CAP_DAC_OVERRIDE CAP_SYSLOG\n", unit);
    }

    [GeneratedRegex(@"\b(netdrop_[a-z_]+|up)(?=\{|\))")]
    private static partial Regex MetricName();
}
