using System;
using System.IO;
using System.Linq;

namespace NetDrop.Package.Tests;

/// <summary>netdrop as one NativeAOT executable that needs no .NET on the machine.</summary>
public sealed class NativeBinaryTests : IClassFixture<PackedPackages>
{
    private readonly PackedPackages _packages;

    public NativeBinaryTests(PackedPackages packages) => _packages = packages;

    [ClangFact]
    public void The_native_binary_publishes_without_warnings_and_runs_without_dotnet()
    {
        string output = Path.Combine(_packages.Root, "binary");
        string publish = Dotnet.Check(_packages.Source, TimeSpan.FromMinutes(10), "dotnet", "publish", "tools/NetDrop.Cli", "-c", "Release", "-p:NetDropBinary=true", "-o", output);

        // AOT and trim analysis report as warnings (IL2xxx, IL3xxx); there must be none.
        Assert.DoesNotContain(publish.Split('\n'), line => line.Contains("warning", StringComparison.OrdinalIgnoreCase));
        string binary = Path.Combine(output, "NetDrop.Cli");
        Assert.True(File.Exists(binary), "no executable in " + string.Join(", ", Directory.GetFiles(output).Select(Path.GetFileName)));
        Assert.Empty(Directory.GetFiles(output, "*.dll"));

        // An ELF executable, not an apphost: the .NET runtime is compiled in, so no managed entry assembly sits beside it.
        byte[] head = File.ReadAllBytes(binary).AsSpan(0, 4).ToArray();
        Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, head);
        Assert.False(File.Exists(Path.Combine(output, "NetDrop.Cli.runtimeconfig.json")), "a runtimeconfig means the binary needs a .NET runtime");

        string help = Dotnet.Check(output, TimeSpan.FromMinutes(1), binary, "--help");
        Assert.Contains("demo", help, StringComparison.Ordinal);
        string read = Dotnet.Check(output, TimeSpan.FromMinutes(1), binary, "read", "--json", Path.Combine(_packages.RepoRoot, "testdata", "net_dm", "netdm-packet.pcap"));
        Assert.Contains("\"NO_SOCKET\"", read, StringComparison.Ordinal);
    }
}
