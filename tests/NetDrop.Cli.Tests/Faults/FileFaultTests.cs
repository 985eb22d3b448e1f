using System;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Faults;

/// <summary>
/// The files `netdrop watch --write` and `netdrop capture -w` are pointed at by someone who can write the
/// directory root writes into: a link to a victim, a FIFO, another user's file. And a start that fails
/// (the kernel refuses the filter, no such interface) must leave an existing file byte for byte and
/// mtime for mtime as it was, and create none. Run as root, the real netdrop binary.
/// </summary>
[Trait("Needs", "live-kernel")]
[SupportedOSPlatform("linux")]
public sealed class FileFaultTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly DateTime LongAgo = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-file-faults-").FullName;
    private readonly string _victim;
    private readonly byte[] _victimBytes = [0x0a, 0x0d, 0x0d, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8];

    public FileFaultTests()
    {
        _victim = Path.Combine(_directory, "victim");
        File.WriteAllBytes(_victim, _victimBytes);
        File.SetUnixFileMode(_victim, Mode0644);
        File.SetLastWriteTimeUtc(_victim, LongAgo);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LiveKernelTheory]
    [InlineData("watch", "--write")]
    [InlineData("capture", "-w")]
    public void A_symlink_to_a_victim_is_refused_and_the_victim_left_as_it_was(string command, string option)
    {
        string link = Path.Combine(_directory, "drops.pcapng");
        File.CreateSymbolicLink(link, _victim);

        (int exit, string message) = RunRefused(command, option, link);

        Assert.Equal(2, exit);
        Assert.Equal($"netdrop {command}: --write: will not write {link}: it is a symbolic link (ELOOP), and NetDrop does not write through links; remove it or give another name", message);
        AssertVictimUntouched();
    }

    [LiveKernelTheory]
    [InlineData("watch", "--write")]
    [InlineData("capture", "-w")]
    public void A_fifo_is_refused_at_once(string command, string option)
    {
        string fifo = Path.Combine(_directory, "drops.pcapng");
        Command.Run("mkfifo", fifo);

        (int exit, string message) = RunRefused(command, option, fifo);

        Assert.Equal(2, exit);
        Assert.Contains($"will not write {fifo}: it is a FIFO", message, StringComparison.Ordinal);
    }

    [LiveKernelTheory]
    [InlineData("watch", "--write")]
    [InlineData("capture", "-w")]
    public void Another_users_file_is_refused_and_left_as_it_was(string command, string option)
    {
        Command.Run("chown", "nobody", _victim);

        (int exit, string message) = RunRefused(command, option, _victim);

        Assert.Equal(2, exit);
        Assert.Contains($"will not write {_victim}: it belongs to uid 65534, not to this user (uid 0)", message, StringComparison.Ordinal);
        AssertVictimUntouched();
    }

    [LiveKernelFact]
    public void A_watch_whose_source_fails_to_start_leaves_an_existing_file_untouched_and_makes_no_new_one()
    {
        // The kernel refuses the filter when watch sets it on its tracefs instance: the source never starts.
        string fresh = Path.Combine(_directory, "fresh.pcapng");
        foreach (string path in new[] { _victim, fresh })
        {
            (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--source", "tracepoint", "--kernel-filter", "no_such_field == 1", "--duration", "1", "--write", path);
            using (run)
            {
                Assert.True(exit == 2, run.Transcript);
                Assert.StartsWith("netdrop watch: --kernel-filter: ", run.Stderr[0], StringComparison.Ordinal);
            }
        }

        AssertVictimUntouched();
        Assert.False(File.Exists(fresh), "a failed start creates no file");
    }

    [LiveKernelFact]
    public void A_capture_on_a_missing_interface_leaves_an_existing_file_untouched_and_makes_no_new_one()
    {
        string fresh = Path.Combine(_directory, "fresh.pcapng");
        foreach (string path in new[] { _victim, fresh })
        {
            (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "capture", "-i", "ndhfnothere0", "-w", path, "--duration", "1");
            using (run)
            {
                Assert.True(exit == 1, run.Transcript);
            }
        }

        AssertVictimUntouched();
        Assert.False(File.Exists(fresh), "a failed start creates no file");
    }

    /// <summary>Runs the command against <paramref name="path"/>; returns its exit code and its one line on stderr.</summary>
    private static (int Exit, string Message) RunRefused(string command, string option, string path)
    {
        string[] arguments = command == "watch"
            ? ["watch", "--duration", "1", option, path]
            : ["capture", "-i", "lo", "--duration", "1", option, path];
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, arguments);
        using (run)
        {
            string message = Assert.Single(run.Stderr, l => l.StartsWith("netdrop " + command + ": ", StringComparison.Ordinal));
            Assert.DoesNotContain(run.Stderr, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
            Assert.DoesNotContain(run.Stdout, l => l.StartsWith("Source: ", StringComparison.Ordinal) || l.StartsWith("Capturing on ", StringComparison.Ordinal));
            return (exit, message);
        }
    }

    private void AssertVictimUntouched()
    {
        Assert.Equal(_victimBytes, File.ReadAllBytes(_victim));
        Assert.Equal(Mode0644, File.GetUnixFileMode(_victim));
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(_victim));
    }
}
