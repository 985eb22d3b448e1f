using System;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading.Tasks;
using NetDrop.SystemChecks;
using NetDrop.Files;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Files;

/// <summary>
/// <see cref="SafeFile"/>'s refusals, each on the file an attacker who can write the directory would
/// plant: a link to a victim, a FIFO, a directory, another user's file, a second name of a file. The
/// victim is checked byte for byte and mode for mode afterwards. As root: chown needs it.
/// </summary>
[Trait("Needs", "live-kernel")]
[SupportedOSPlatform("linux")]
public sealed class SafeFileTests : IDisposable
{
    private const string VictimText = "victim: not to be touched\n";
    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const uint Nobody = 65534;

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-safefile-").FullName;
    private readonly string _victim;

    public SafeFileTests()
    {
        _victim = Path.Combine(_directory, "victim");
        File.WriteAllText(_victim, VictimText);
        File.SetUnixFileMode(_victim, Mode0644);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LiveKernelFact]
    public void A_new_output_is_created_0600_and_owned_by_the_caller()
    {
        string path = Path.Combine(_directory, "new.pcapng");
        using (FileStream stream = SafeFile.CreateOutput(path))
        {
            stream.Write([1, 2, 3]);
        }

        Assert.Equal(SafeFile.OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
    }

    [LiveKernelFact]
    public void An_existing_output_of_the_caller_is_truncated_and_narrowed_to_0600()
    {
        string path = Path.Combine(_directory, "old.pcapng");
        File.WriteAllText(path, "old contents, longer than the new");
        File.SetUnixFileMode(path, Mode0644);
        using (FileStream stream = SafeFile.CreateOutput(path))
        {
            stream.Write([9]);
        }

        Assert.Equal(SafeFile.OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal([9], File.ReadAllBytes(path));
    }

    [LiveKernelFact]
    public void A_symlink_at_the_last_component_is_refused_and_its_target_left_as_it_was()
    {
        string link = Path.Combine(_directory, "drops.pcapng");
        File.CreateSymbolicLink(link, _victim);

        var refused = Assert.Throws<UnusableFileException>(() => SafeFile.CreateOutput(link));

        Assert.Contains("ELOOP", refused.Message, StringComparison.Ordinal);
        Assert.Contains(link, refused.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", SafeFile.OutputProblem(link), StringComparison.Ordinal);
        AssertVictimUntouched();
        Assert.Throws<UnusableFileException>(() => SafeFile.ReplaceText(link, "spec"));
        AssertVictimUntouched();
        Assert.Equal(_victim, new FileInfo(link).LinkTarget);
    }

    [LiveKernelFact]
    public async Task A_fifo_is_refused_without_blocking_on_it()
    {
        string fifo = Path.Combine(_directory, "drops.pcapng");
        Command.Run("mkfifo", fifo);

        // Neither call may wait for a peer: each must be refused well within the deadline.
        Task<Exception?> write = Task.Run(() => Record(() => SafeFile.CreateOutput(fifo).Dispose()));
        Task<Exception?> read = Task.Run(() => Record(() => SafeFile.OpenInput(fifo).Dispose()));
        Assert.True(Task.WaitAll([write, read], TimeSpan.FromSeconds(10)), "opening a FIFO blocked");

        Assert.Contains("a FIFO", Assert.IsType<UnusableFileException>(await write).Message, StringComparison.Ordinal);
        Assert.Contains("a FIFO", Assert.IsType<UnusableFileException>(await read).Message, StringComparison.Ordinal);
        Assert.Contains("a FIFO", SafeFile.OutputProblem(fifo), StringComparison.Ordinal);
    }

    [LiveKernelFact]
    public void A_directory_is_refused_naming_eisdir()
    {
        string directory = Directory.CreateDirectory(Path.Combine(_directory, "sub")).FullName;

        Assert.Contains("EISDIR", Assert.Throws<UnusableFileException>(() => SafeFile.CreateOutput(directory)).Message, StringComparison.Ordinal);
        Assert.Contains("EISDIR", Assert.Throws<UnusableFileException>(() => SafeFile.OpenInput(directory)).Message, StringComparison.Ordinal);
        Assert.Contains("EISDIR", Assert.Throws<UnusableFileException>(() => SafeFile.ReplaceText(directory, "x")).Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(directory));
    }

    [LiveKernelFact]
    public void A_device_is_refused_and_its_mode_untouched()
    {
        UnixFileMode before = File.GetUnixFileMode("/dev/null");

        Assert.Contains("a character device", Assert.Throws<UnusableFileException>(() => SafeFile.CreateOutput("/dev/null")).Message, StringComparison.Ordinal);
        Assert.Contains("a character device", Assert.Throws<UnusableFileException>(() => SafeFile.OpenInput("/dev/zero")).Message, StringComparison.Ordinal);
        Assert.Equal(before, File.GetUnixFileMode("/dev/null"));
    }

    [LiveKernelFact]
    public void Another_users_file_is_neither_truncated_nor_replaced()
    {
        Command.Run("chown", "nobody", _victim);

        UnusableFileException refused = Assert.Throws<UnusableFileException>(() => SafeFile.CreateOutput(_victim));

        Assert.Contains($"belongs to uid {Nobody}, not to this user (uid 0)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("another user's file", SafeFile.OutputProblem(_victim), StringComparison.Ordinal);
        Assert.Throws<UnusableFileException>(() => SafeFile.ReplaceText(_victim, "spec"));
        AssertVictimUntouched();
        Assert.Equal([_victim], Directory.GetFiles(_directory));
    }

    [LiveKernelFact]
    public void A_file_with_a_second_name_is_refused()
    {
        string link = Path.Combine(_directory, "drops.pcapng");
        Command.Run("ln", _victim, link);

        Assert.Contains("2 hard links", Assert.Throws<UnusableFileException>(() => SafeFile.CreateOutput(link)).Message, StringComparison.Ordinal);
        AssertVictimUntouched();
    }

    [LiveKernelFact]
    public void A_missing_directory_is_named_with_enoent()
    {
        string path = Path.Combine(_directory, "absent", "drops.pcapng");

        UnusableFileException refused = Assert.Throws<UnusableFileException>(() => SafeFile.CreateOutput(path));
        Assert.Equal($"cannot create {path}: ENOENT (No such file or directory)", refused.Message);
        Assert.True(Assert.Throws<UnusableFileException>(() => SafeFile.OpenInput(path)).IsMissing);
    }

    [LiveKernelFact]
    public void Input_follows_a_link_the_user_named_and_reads_a_regular_file()
    {
        string link = Path.Combine(_directory, "link");
        File.CreateSymbolicLink(link, _victim);

        Assert.Equal(VictimText, SafeFile.ReadAllText(link));
    }

    [LiveKernelFact]
    public void Replacing_text_keeps_the_old_mode_and_leaves_no_temporary_file()
    {
        string spec = Path.Combine(_directory, "spec.yaml");
        File.WriteAllText(spec, "old");
        File.SetUnixFileMode(spec, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        long inode = Inode(spec);

        SafeFile.ReplaceText(spec, "new: text\n");

        Assert.Equal("new: text\n", File.ReadAllText(spec));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(spec));
        Assert.NotEqual(inode, Inode(spec));
        Assert.Equal(new[] { spec, _victim }.Order(), Directory.GetFiles(_directory).Order());

        string fresh = Path.Combine(_directory, "fresh.md");
        SafeFile.ReplaceText(fresh, "doc");
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(fresh) & ~Mode0644);
        Assert.Equal("doc", File.ReadAllText(fresh));
    }

    [LiveKernelFact]
    public void With_the_file_capabilities_lowered_the_thread_cannot_open_what_only_they_would_allow()
    {
        // Root without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH is an ordinary user to the kernel's
        // permission checks: a 0600 file of nobody's is then closed to it, as it is to a capable nobody.
        string secret = Path.Combine(_directory, "secret");
        File.WriteAllText(secret, "secret");
        File.SetUnixFileMode(secret, SafeFile.OwnerOnly);
        Command.Run("chown", "nobody", secret);

        (ulong inside, ulong after, Exception? failure) = OnNewThread(() =>
        {
            CallerRights rights = CallerRights.Lower(CallerRights.FileCapabilities);
            ulong lowered;
            Exception? refused;
            try
            {
                lowered = CapabilitySet.Read().Effective;
                refused = Record(() => SafeFile.OpenInput(secret).Dispose());
            }
            finally
            {
                rights.Dispose();
            }

            return (lowered, CapabilitySet.Read().Effective, refused);
        });

        Assert.Equal(0UL, inside & CallerRights.FileCapabilities);
        Assert.Equal((ulong)CallerRights.FileCapabilities, after & CallerRights.FileCapabilities);
        Assert.Equal($"cannot open {secret}: EACCES (Permission denied)", Assert.IsType<UnusableFileException>(failure).Message);
        using (SafeFile.OpenInput(secret))
        {
            // The capabilities are back: root opens it again.
        }
    }

    private void AssertVictimUntouched()
    {
        Assert.Equal(VictimText, File.ReadAllText(_victim));
        Assert.Equal(Mode0644, File.GetUnixFileMode(_victim));
    }

    private static long Inode(string path) => long.Parse(Command.Run("stat", "-c", "%i", path).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static T OnNewThread<T>(Func<T> action)
    {
        T result = default!;
        var thread = new System.Threading.Thread(() => result = action());
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the thread did not finish");
        return result;
    }
}
