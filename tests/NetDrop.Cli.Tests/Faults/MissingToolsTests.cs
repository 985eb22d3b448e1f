using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Xml.Linq;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Faults;

/// <summary>
/// A fresh machine, as far as PATH can make one: the tests that need nft, tshark, tmux, tcpdump, pahole,
/// ethtool, conntrack, genl or libpcap run with a PATH that has every program of this one but those (and clang, qemu, afl-fuzz, bpftool),
/// and libpcap's files hidden in a mount namespace of their own, and must be skipped naming the package, or
/// (the demo's tests) pass with what the demo can still do. None fails.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class MissingToolsTests : IDisposable
{
    private static readonly string[] Hidden = ["nft", "tshark", "tmux", "tcpdump", "pahole", "bpftool", "clang", "afl-fuzz", "qemu-system-x86_64", "ethtool", "conntrack", "genl"];

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-missing-tools-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LiveKernelFact("unshare")]
    public void Without_the_optional_tools_their_tests_skip_naming_the_package_and_the_demo_still_passes()
    {
        string bin = PathWithout(Hidden);
        string results = Path.Combine(_directory, "results.trx");
        string filter = string.Join('|', new[]
        {
            "FullyQualifiedName~Demo.DemoCommandTests",
            "FullyQualifiedName~KfreeSkbLiveTests.An_nft_rule_dropping_a_port_is_NETFILTER_DROP",
            "FullyQualifiedName~WatchTerminalTests",
            "FullyQualifiedName~CaptureFilterCommandTests.A_filter_keeps_exactly_the_frames_tcpdumps_same_filter_keeps",
            "FullyQualifiedName~PcapNgWriterTests.Tshark_reads_the_file_without_warnings_and_shows_gaps_comments_and_flags",
            "FullyQualifiedName~KernelBtfTests",
            "FullyQualifiedName~CaptureFilterTests.Libpcap_compiles_an_expression_and_its_errors_are_its_own",
            "FullyQualifiedName~EthtoolLiveTests",
            "FullyQualifiedName~ConntrackLiveTests",
            "FullyQualifiedName~NlctrlLiveTests",
        });

        // libpcap is a library, not a program: it is hidden by a private mount namespace in which its files read as empty.
        string hideLibpcap = string.Concat(Libpcap().Select(l => $"mount --bind /dev/null '{l}' && ")) + "exec \"$0\" \"$@\"";
        var start = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--mount", "--propagation", "private", "sh", "-c", hideLibpcap, Path.Combine(bin, "dotnet"), "test", Path.Combine(AppContext.BaseDirectory, "NetDrop.Cli.Tests.dll"), TestAssembly("NetDrop.Runtime.Tests"), TestAssembly("NetDrop.Generators.Tests"), "--filter", filter, "--logger", "trx;LogFileName=" + results })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = bin;
        using Process run = Process.Start(start)!;
        var error = run.StandardError.ReadToEndAsync();
        string output = run.StandardOutput.ReadToEnd();
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(5)), "the test run with tools hidden did not end in 5 minutes");
        string transcript = output + error.Result;

        List<(string Name, string Outcome, string Message)> tests = Results(results);
        Assert.True(run.ExitCode == 0, transcript);
        Assert.DoesNotContain(tests, t => t.Outcome == "Failed");
        foreach (string package in new[] { "nftables", "tmux", "tcpdump", "tshark", "dwarves", "libpcap0.8", "ethtool", "conntrack", "iproute2" })
        {
            Assert.Contains(tests, t => t.Outcome == "NotExecuted" && t.Message.Contains($"(apt-get install {package})", StringComparison.Ordinal));
        }

        // The demo does not need nft: its tests run, and pass, with the netfilter drop skipped.
        // (the tour with auto and with the tracepoint, and the OTLP run).
        Assert.Equal(3, tests.Count(t => t.Name.Contains("DemoCommandTests.The_demo", StringComparison.Ordinal) && t.Outcome == "Passed"));
    }

    /// <summary>
    /// Another test assembly, built beside this one (tests/NAME/bin/CONFIGURATION/TFM): the library's nft,
    /// tshark, pahole and libpcap tests are in NetDrop.Runtime.Tests, the generated clients' ethtool,
    /// conntrack and genl comparisons in NetDrop.Generators.Tests.
    /// </summary>
    private static string TestAssembly(string name)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string path = Path.Combine(here.Parent!.Parent!.Parent!.Parent!.FullName, name, "bin", here.Parent.Name, here.Name, name + ".dll");
        Assert.True(File.Exists(path), $"build tests/{name} first: {path} is missing");
        return path;
    }

    /// <summary>A directory of links to every program on PATH but <paramref name="hidden"/>, for a PATH without them.</summary>
    private string PathWithout(IReadOnlyCollection<string> hidden)
    {
        string bin = Path.Combine(_directory, "bin");
        Directory.CreateDirectory(bin);
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Where(Directory.Exists))
        {
            foreach (string program in Directory.EnumerateFiles(directory))
            {
                string name = Path.GetFileName(program);
                string link = Path.Combine(bin, name);
                if (!hidden.Contains(name) && !name.StartsWith("qemu-", StringComparison.Ordinal) && !File.Exists(link))
                {
                    File.CreateSymbolicLink(link, program);
                }
            }
        }

        Assert.True(File.Exists(Path.Combine(bin, "dotnet")) && File.Exists(Path.Combine(bin, "ip")), "PATH must hold dotnet and ip for this test");
        return bin;
    }

    /// <summary>libpcap's files (not its links) where the dynamic loader looks.</summary>
    private static string[] Libpcap() =>
        new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib" }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "libpcap.so*"))
            .Where(f => new FileInfo(f).LinkTarget is null)
            .ToArray();

    private static List<(string Name, string Outcome, string Message)> Results(string trx)
    {
        XDocument document = XDocument.Load(trx);
        XNamespace ns = document.Root!.Name.Namespace;
        return document.Descendants(ns + "UnitTestResult")
            .Select(r => ((string)r.Attribute("testName")!, (string)r.Attribute("outcome")!, string.Join(' ', r.Descendants(ns + "Message").Select(m => m.Value).Concat(r.Descendants(ns + "StdOut").Select(m => m.Value)))))
            .ToList();
    }
}
