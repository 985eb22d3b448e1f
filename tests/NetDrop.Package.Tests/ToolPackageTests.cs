using System;
using System.IO;

namespace NetDrop.Package.Tests;

/// <summary>The netdrop command installed with `dotnet tool install` from the packed NetDrop.Tool package.</summary>
public sealed class ToolPackageTests : IClassFixture<PackedPackages>
{
    private readonly PackedPackages _packages;

    public ToolPackageTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public void The_installed_tool_runs_and_reads_a_capture()
    {
        string toolPath = Path.Combine(_packages.Root, "tool-" + Guid.NewGuid().ToString("N")[..8]);
        Dotnet.Check(_packages.Root, TimeSpan.FromMinutes(3), "dotnet", "tool", "install", "NetDrop.Tool",
            "--tool-path", toolPath, "--add-source", _packages.Feed, "--version", _packages.Version);
        string netdrop = Path.Combine(toolPath, "netdrop");

        string help = Dotnet.Check(_packages.Root, TimeSpan.FromMinutes(1), netdrop, "--help");
        Assert.Contains("demo", help, StringComparison.Ordinal);
        Assert.Contains("read", help, StringComparison.Ordinal);

        string capture = Path.Combine(_packages.RepoRoot, "testdata", "net_dm", "netdm-packet.pcap");
        string read = Dotnet.Check(_packages.Root, TimeSpan.FromMinutes(1), netdrop, "read", capture);
        Assert.Contains("PACKET_ALERT", read, StringComparison.Ordinal);
        Assert.Contains("NO_SOCKET", read, StringComparison.Ordinal);
    }
}
