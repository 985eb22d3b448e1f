using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NetDrop.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Demo;

/// <summary>`netdrop demo` end to end: the real binary, on this machine's kernel.</summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed partial class DemoCommandTests
{
    // The demo filters the tracepoint to its sender in the kernel, so auto keeps to it and says why not BPF.
    // (--source bpf sees every drop on the machine: on a machine others flood with drops its ring overflows,
    // which makes it no test of the demo.)
    [LiveKernelTheory]
    [InlineData("auto", "; not NetDrop's BPF program: a tracefs filter was given, which only the tracepoint source applies")]
    [InlineData("tracepoint", "Source: the skb:kfree_skb tracepoint, as asked")]
    public void The_demo_sees_every_drop_it_causes_with_its_reason_and_leaves_nothing_behind(string source, string sourceLine)
    {
        (int exit, string output) = RunNetdrop("demo", "--source", source, "--count", "30", "--seconds", "1");

        Assert.True(exit == 0, output);
        Assert.Contains("Source: the skb:kfree_skb tracepoint, ", output);
        Assert.Contains(sourceLine, Regex.Replace(output, @"\s+", " "));
        AssertNetfilterSkippedOnlyWithoutNft(output);
        foreach (string reason in Reasons)
        {
            Match row = SummaryRow().Matches(output).FirstOrDefault(m => m.Groups["reason"].Value == reason)
                ?? throw new Xunit.Sdk.XunitException($"no summary row for {reason}:\n{output}");
            Assert.Equal("30", row.Groups["sent"].Value);
            Assert.Equal("30", row.Groups["seen"].Value);
        }

        Assert.Contains("Lost by the source: 0 ", output);
        Assert.DoesNotContain("netdrop-demo-", Command.Run("ip", "netns", "list"));
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(Tracefs.Locate(), "instances"), TracefsInstance.NamePrefix + "*"), d => !IsAlive(d));
    }

    [LiveKernelFact]
    public void The_demos_drop_counts_reach_an_otlp_collector()
    {
        using var receiver = new NetDrop.Tests.Metrics.OtlpReceiver();
        (int exit, string output) = RunNetdrop("demo", "--source", "tracepoint", "--count", "20", "--seconds", "1", "--otlp", receiver.Endpoint.ToString());

        Assert.True(exit == 0, output);
        Assert.Empty(receiver.Problems);
        var drops = receiver.Latest.Where(p => p.Metric == "netdrop.drops").ToList();
        AssertNetfilterSkippedOnlyWithoutNft(output);
        foreach (string reason in Reasons)
        {
            Assert.Equal(20, drops.Where(p => p.Label("reason") == reason).Sum(p => p.Value));
        }

        Assert.Equal(20 * Reasons.Length, drops.Sum(p => p.Value));
        Assert.All(drops, p => Assert.Equal("tracepoint", p.Label("source")));
    }

    [Fact]
    public void Bad_demo_arguments_are_a_clear_error_and_a_failing_exit_code()
    {
        (int exit, string output) = RunNetdrop("demo", "--count", "0");

        Assert.NotEqual(0, exit);
        Assert.Contains("--count must be between 1 and 10000", output);
    }

    /// <summary>The reasons the demo causes here: NETFILTER_DROP only where nft is installed.</summary>
    private static string[] Reasons => NetDrop.Shared.HostTool.Exists("nft") ? ["NO_SOCKET", "NETFILTER_DROP", "OTHERHOST"] : ["NO_SOCKET", "OTHERHOST"];

    /// <summary>Without nft the demo still runs, and says what it skipped and which package brings it back.</summary>
    private static void AssertNetfilterSkippedOnlyWithoutNft(string output)
    {
        const string Skipped = "Skipped NETFILTER_DROP: nft is not installed (apt-get install nftables).";
        if (NetDrop.Shared.HostTool.Exists("nft"))
        {
            Assert.DoesNotContain(Skipped, output);
        }
        else
        {
            Assert.Contains(Skipped, output);
            Assert.DoesNotContain(SummaryRow().Matches(output), m => m.Groups["reason"].Value == "NETFILTER_DROP");
        }
    }

    private static bool IsAlive(string instance) =>
        !TracefsInstanceOwner.TryParse(Path.GetFileName(instance).AsSpan(TracefsInstance.NamePrefix.Length), out TracefsInstanceOwner owner)
        || owner.PidNamespace != TracefsInstanceOwner.Current.PidNamespace
        || Directory.Exists($"/proc/{owner.ProcessId}");

    private static (int Exit, string Output) RunNetdrop(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NetDrop.Cli.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A wide, plain console: the summary rows must not wrap or carry colour codes.
        start.Environment["COLUMNS"] = "200";
        start.Environment["NO_COLOR"] = "1";
        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("netdrop " + string.Join(' ', arguments) + " did not finish in 60 s");
        }

        return (process.ExitCode, output + error.Result);
    }

    [GeneratedRegex(@"^\s+\S.*?\s{2,}(?<reason>[A-Z_]+)\s+(?<sent>\d+)\s+(?<seen>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SummaryRow();
}
