using System;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Faults;

/// <summary>
/// A user given capabilities instead of root must not get file access from them: netdrop opens the files
/// a user names with that user's own rights. These run netdrop as nobody with exactly the documented
/// capability (setpriv) against a root-only file and a root-owned directory; and check that `@FILE` is an
/// argument, never a response file read into the command line.
/// </summary>
[SupportedOSPlatform("linux")]
// Runs as nobody with the shared home NetdropProcess makes: one such test at a time.
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class FilePrivilegeTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly string[] SecretWords = ["hunter2-ndsecret", "root:$6$ndsecretsalt", "correct-horse-ndsecret"];

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-file-rights-").FullName;
    private readonly string _secret;

    public FilePrivilegeTests()
    {
        // Root's: the directory 0755 (nobody may look, not write), the file 0600 (nobody may not read).
        File.SetUnixFileMode(_directory, (UnixFileMode)0x1ED);
        _secret = Path.Combine(_directory, "shadow");
        File.WriteAllText(_secret, string.Join('\n', SecretWords) + "\n");
        File.SetUnixFileMode(_secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LiveKernelTheory]
    [InlineData("dac_override")]
    [InlineData("dac_override,dac_read_search,fowner,chown")]
    [InlineData("")]
    public void As_nobody_read_of_a_root_only_file_is_one_line_naming_eacces_and_prints_none_of_it(string capabilities)
    {
        (int exit, NetdropProcess read) = NetdropProcess.RunWithCapabilities(Deadline, capabilities, "read", _secret);
        using (read)
        {
            Assert.True(exit == 2, read.Transcript);
            Assert.Equal([$"netdrop read: cannot open {_secret}: EACCES (Permission denied)"], read.Stderr);
            Assert.Empty(read.Stdout);
            AssertNoSecret(read);
        }
    }

    [LiveKernelFact]
    public void As_nobody_with_dac_override_a_kallsyms_file_of_roots_is_not_read()
    {
        string capture = Path.Combine(AppContext.BaseDirectory, "testdata", "net_dm", "netdm-summary.pcap");
        (int exit, NetdropProcess read) = NetdropProcess.RunWithCapabilities(Deadline, "dac_override", "read", "--kallsyms", _secret, capture);
        using (read)
        {
            Assert.True(exit == 2, read.Transcript);
            Assert.Equal([$"netdrop read: cannot open {_secret}: EACCES (Permission denied)"], read.Stderr);
            AssertNoSecret(read);
        }
    }

    [LiveKernelFact]
    public void As_nobody_with_dac_override_watch_write_into_a_root_directory_is_refused_naming_eacces()
    {
        string target = Path.Combine(_directory, "drops.pcapng");
        (int exit, NetdropProcess watch) = NetdropProcess.RunWithCapabilities(Deadline, "dac_override", "watch", "--duration", "1", "--write", target);
        using (watch)
        {
            Assert.True(exit == 2, watch.Transcript);
            Assert.Equal($"netdrop watch: --write: cannot create {target}: EACCES (Permission denied)", watch.Stderr[0]);
            Assert.False(File.Exists(target), "nothing is created where the user may not write");
        }
    }

    [LiveKernelFact]
    public void As_nobody_with_dac_override_watch_reads_tracefs_and_writes_a_file_of_nobodys_own()
    {
        CapabilityTests.MountTracefs();
        string own = Directory.CreateDirectory(Path.Combine(_directory, "nobody")).FullName;
        Command.Run("chown", "nobody", own);
        string target = Path.Combine(own, "drops.pcapng");

        (int exit, NetdropProcess watch) = NetdropProcess.RunWithCapabilities(Deadline, "dac_override", "watch", "--duration", "1", "--write", target);
        using (watch)
        {
            Assert.True(exit == 0, watch.Transcript);
            Assert.Contains(watch.Stderr.Concat(watch.Stdout), l => l.StartsWith("Source: the skb:kfree_skb tracepoint", StringComparison.Ordinal));
            Assert.Equal("65534", Command.Run("stat", "-c", "%u", target).Trim());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        }
    }

    [LiveKernelTheory]
    [InlineData("")]
    [InlineData("dac_override")]
    public void An_at_argument_is_a_path_never_a_response_file(string capabilities)
    {
        string at = "@" + _secret;
        foreach (string[] arguments in new[] { new[] { "read", at }, ["watch", "--duration", "1", at], ["capture", "-i", "lo", "-w", Path.Combine(_directory, "x.pcapng"), at] })
        {
            (int exit, NetdropProcess run) = capabilities.Length == 0 && Environment.IsPrivilegedProcess
                ? NetdropProcess.Run(Deadline, arguments)
                : NetdropProcess.RunWithCapabilities(Deadline, capabilities, arguments);
            using (run)
            {
                Assert.True(exit == 2, run.Transcript);
                string message = Assert.Single(run.Stderr, l => l.StartsWith("netdrop ", StringComparison.Ordinal));
                Assert.Contains(at, message, StringComparison.Ordinal);
                if (arguments[0] == "read")
                {
                    Assert.StartsWith($"netdrop read: {at}: no such file.", message, StringComparison.Ordinal);
                }

                AssertNoSecret(run);
            }
        }
    }

    [LiveKernelFact]
    public void As_nobody_with_ambient_dac_override_specs_sync_runs_the_preprocessor_without_capabilities()
    {
        // A preprocessor that records the capabilities it was started with, then fails. (Started straight
        // from setpriv, the same script records CapEff 0000000000000002: ambient capabilities pass to
        // whatever is executed, unless the starter clears them.)
        string own = Directory.CreateDirectory(Path.Combine(_directory, "cpp")).FullName;
        string record = Path.Combine(own, "capabilities");
        string cpp = Path.Combine(own, "cpp.sh");
        File.WriteAllText(cpp, $"#!/bin/sh\ngrep -E '^Cap(Eff|Amb)' /proc/self/status > {record}\nexit 1\n");
        File.SetUnixFileMode(cpp, (UnixFileMode)0x1ED);
        Command.Run("chown", "-R", "nobody", own);
        using var specs = new Specs.SpecSyncFiles.ScratchSpecs();

        using NetdropProcess sync = NetdropProcess.StartUnder("setpriv",
            ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--inh-caps=+dac_override", "--ambient-caps=+dac_override",
             "env", "HOME=" + own, "DOTNET_CLI_HOME=" + own, "NETDROP_CPP=" + cpp, NetdropProcess.DotnetHost],
            "specs", "sync", "--headers", Specs.SpecSyncFiles.HeadersUpstream, "--specs", specs.Path, "--kernel-version", "6.13", "--check");
        Assert.True(sync.WaitForExit(Deadline) == 2, sync.Transcript);

        string[] lines = File.ReadAllLines(record);
        Assert.Equal(["CapEff:\t0000000000000000", "CapAmb:\t0000000000000000"], lines);
    }

    private static void AssertNoSecret(NetdropProcess run)
    {
        foreach (string word in SecretWords)
        {
            Assert.DoesNotContain(word, run.Transcript, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(run.Stderr, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }
}
