using System;
using System.IO;
using Xunit.Sdk;

namespace NetDrop.Generators.Tests;

/// <summary>The snapshot helper itself, on a temporary folder so the real snapshots are never touched.</summary>
public sealed class SnapshotAssertTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "netdrop-snapshots-" + Guid.NewGuid().ToString("N"));

    public SnapshotAssertTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Verified => Path.Combine(_directory, "sample" + SnapshotAssert.VerifiedSuffix);

    private string Received => Path.Combine(_directory, "sample" + SnapshotAssert.ReceivedSuffix);

    [Fact]
    public void A_missing_snapshot_fails_and_writes_what_was_received()
    {
        XunitException failure = Assert.ThrowsAny<XunitException>(() => SnapshotAssert.Matches(_directory, "sample", "class A { }\n", update: false));

        Assert.Contains("No snapshot", failure.Message);
        Assert.Equal("class A { }\n", File.ReadAllText(Received));
        Assert.False(File.Exists(Verified));
    }

    [Fact]
    public void A_match_passes_and_clears_an_old_received_file()
    {
        File.WriteAllText(Verified, "class A { }\n");
        File.WriteAllText(Received, "stale");

        SnapshotAssert.Matches(_directory, "sample", "class A { }\n", update: false);

        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void Line_endings_do_not_matter()
    {
        File.WriteAllText(Verified, "class A\r\n{\r\n}\r\n");

        SnapshotAssert.Matches(_directory, "sample", "class A\n{\n}\n", update: false);
    }

    [Fact]
    public void A_mismatch_fails_with_the_differing_lines()
    {
        File.WriteAllText(Verified, "line one\nline two\nline three\n");

        XunitException failure = Assert.ThrowsAny<XunitException>(() => SnapshotAssert.Matches(_directory, "sample", "line one\nline 2\nline three\n", update: false));

        Assert.Contains("@@ -2,1 +2,1 @@", failure.Message);
        Assert.Contains("-    2: line two", failure.Message);
        Assert.Contains("+    2: line 2", failure.Message);
        Assert.Equal("line one\nline 2\nline three\n", File.ReadAllText(Received));
        Assert.Equal("line one\nline two\nline three\n", File.ReadAllText(Verified));
    }

    [Fact]
    public void Updating_overwrites_the_verified_file_and_passes()
    {
        File.WriteAllText(Verified, "old\n");
        File.WriteAllText(Received, "old received\n");

        SnapshotAssert.Matches(_directory, "sample", "new\r\n", update: true);

        Assert.Equal("new\n", File.ReadAllText(Verified));
        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void A_long_diff_is_cut_short()
    {
        string expected = string.Join("\n", new string('a', 100).ToCharArray());
        string actual = string.Join("\n", new string('b', 100).ToCharArray());

        string diff = SnapshotAssert.Diff(expected, actual);

        Assert.Contains("@@ -1,100 +1,100 @@", diff);
        Assert.Contains("170 more differing lines", diff);
    }

    [Fact]
    public void The_snapshot_folder_is_in_the_source_tree()
    {
        Assert.EndsWith(Path.Combine("tests", "NetDrop.Generators.Tests", "Snapshots"), SnapshotAssert.Directory);
        Assert.True(File.Exists(Path.Combine(SnapshotAssert.Directory, "..", "NetDrop.Generators.Tests.csproj")));
    }
}
