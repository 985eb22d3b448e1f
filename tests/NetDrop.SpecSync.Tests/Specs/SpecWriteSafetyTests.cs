using System;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using NetDrop.Cli.Specs;

namespace NetDrop.Tests.Specs;

/// <summary>
/// `netdrop specs sync` and `specs docs` replace files in place; they must not write through a link
/// planted where a spec or the doc should be, and a doc they write replaces the old one whole.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SpecWriteSafetyTests : IDisposable
{
    private const string VictimText = "victim: not to be touched\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-spec-writes-").FullName;
    private readonly string _victim;

    public SpecWriteSafetyTests()
    {
        _victim = Path.Combine(_directory, "victim");
        File.WriteAllText(_victim, VictimText);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Docs_refuses_an_output_that_is_a_symlink_and_leaves_its_target()
    {
        string link = Path.Combine(_directory, "drop-reasons.md");
        File.CreateSymbolicLink(link, _victim);
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = SpecsCommand.RunDocs(Path.Combine(SpecSyncFiles.RepoRoot, "specs"), link, check: false, output, error);

        Assert.Equal(2, exit);
        Assert.Equal($"netdrop specs docs: will not replace {link}: it is a symbolic link (ELOOP), and NetDrop does not write through links; remove it or give another name", error.ToString().TrimEnd());
        Assert.Equal(VictimText, File.ReadAllText(_victim));
        Assert.Equal(_victim, new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void Docs_writes_a_new_file_whole_and_readable_by_all()
    {
        string doc = Path.Combine(_directory, "drop-reasons.md");

        int exit = SpecsCommand.RunDocs(Path.Combine(SpecSyncFiles.RepoRoot, "specs"), doc, check: false, new StringWriter(), new StringWriter());

        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllText(Path.Combine(SpecSyncFiles.RepoRoot, "docs", "drop-reasons.md")), File.ReadAllText(doc));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(doc) & (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.Equal([doc, _victim], Directory.GetFiles(_directory).Order());
    }

    [Fact]
    public void Sync_does_not_write_a_spec_through_a_symlink()
    {
        using var specs = new SpecSyncFiles.ScratchSpecs();
        string spec = Path.Combine(specs.Path, "drop_reasons.yaml");
        string original = File.ReadAllText(spec);
        File.WriteAllText(_victim, original);
        File.Delete(spec);
        File.CreateSymbolicLink(spec, _victim);
        var error = new StringWriter();

        int exit = SpecsCommand.RunSync(SpecSyncFiles.HeadersUpstream, false, null, specs.Path, "6.13", check: false, new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.Contains($"will not replace {spec}: it is a symbolic link (ELOOP)", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllText(_victim));
        Assert.Equal(_victim, new FileInfo(spec).LinkTarget);
    }
}
