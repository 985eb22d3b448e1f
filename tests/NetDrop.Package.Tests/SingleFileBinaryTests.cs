using System;
using System.IO;
using System.Linq;

namespace NetDrop.Package.Tests;

/// <summary>
/// netdrop as one self-contained, trimmed executable. (NativeAOT would be smaller and start faster, but its
/// runtime pack, Microsoft.NETCore.App.Runtime.NativeAOT.linux-x64, is not on the package mirror; the code
/// is built with the AOT and trimming analyzers on, so it is ready for it.)
/// </summary>
public sealed class SingleFileBinaryTests : IClassFixture<PackedPackages>
{
    private readonly PackedPackages _packages;

    public SingleFileBinaryTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public void The_trimmed_single_file_binary_publishes_without_warnings_and_runs()
    {
        string output = Path.Combine(_packages.Root, "binary");
        string publish = Dotnet.Check(_packages.Source, TimeSpan.FromMinutes(10), "dotnet", "publish", "tools/NetDrop.Cli", "-c", "Release", "-p:NetDropBinary=true", "-o", output);

        // Trim and single-file analysis report as warnings (IL2xxx, IL3xxx); there must be none.
        Assert.DoesNotContain(publish.Split('\n'), line => line.Contains("warning", StringComparison.OrdinalIgnoreCase));
        string binary = Path.Combine(output, "NetDrop.Cli");
        Assert.True(File.Exists(binary), "no executable in " + string.Join(", ", Directory.GetFiles(output).Select(Path.GetFileName)));
        Assert.Empty(Directory.GetFiles(output, "*.dll"));

        string help = Dotnet.Check(output, TimeSpan.FromMinutes(1), binary, "--help");
        Assert.Contains("demo", help, StringComparison.Ordinal);
        string read = Dotnet.Check(output, TimeSpan.FromMinutes(1), binary, "read", "--json", Path.Combine(_packages.RepoRoot, "testdata", "net_dm", "netdm-packet.pcap"));
        Assert.Contains("\"NO_SOCKET\"", read, StringComparison.Ordinal);
    }
}
