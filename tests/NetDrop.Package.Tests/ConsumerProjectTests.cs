using System;
using System.IO;

namespace NetDrop.Package.Tests;

/// <summary>
/// A fresh project that references the packed NetDrop package from a local folder feed, as a user's
/// would: the generated kernel types are there, its own spec file is generated into it, and the IDE
/// diagnostics come with the package.
/// </summary>
public sealed class ConsumerProjectTests : IClassFixture<PackedPackages>
{
    private const string Program = """
        using System;
        using NetDrop;
        using NetDrop.Packet;
        using Consumer.Netdev;

        // Types NetDrop generated from its own specs.
        Console.WriteLine("reason " + DropReasonCatalog.KernelName(DropReason.NoSocket));
        Console.WriteLine("tpacket3_hdr " + tpacket3_hdr.Size);

        // Types generated in this project from its own spec file.
        Console.WriteLine("family " + NetdevFamily.Name + " " + (int)NetdevCommand.DevGet);
        Console.WriteLine(Describe(DropReason.NoSocket));

        // A deliberate misuse: this switch misses most drop reasons (ND1001).
        static string Describe(DropReason reason)
        {
            switch (reason)
            {
                case DropReason.NoSocket:
                    return "no socket";
            }

            return "other";
        }
        """;

    private readonly PackedPackages _packages;

    public ConsumerProjectTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public void A_project_referencing_the_package_gets_the_generated_types_its_own_spec_and_the_diagnostics()
    {
        string project = Directory.CreateDirectory(Path.Combine(_packages.Root, "consumer-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="netdrop-local" value="{_packages.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NetDrop" Version="{_packages.Version}" />
                <AdditionalFiles Include="netdev.yaml" NetDropNamespace="Consumer.Netdev" />
              </ItemGroup>
            </Project>
            """);
        File.Copy(Path.Combine(_packages.RepoRoot, "specs", "kernel", "netdev.yaml"), Path.Combine(project, "netdev.yaml"));
        File.WriteAllText(Path.Combine(project, "Program.cs"), Program);
        File.WriteAllText(Path.Combine(project, "ReadmeSample.cs"), ReadmeSample(_packages.RepoRoot));

        string build = Dotnet.Check(project, TimeSpan.FromMinutes(5), "dotnet", "build", "-c", "Release");
        Assert.Contains("warning ND1001", build, StringComparison.Ordinal);
        Assert.Contains("does not handle", build, StringComparison.Ordinal);

        string run = Dotnet.Check(project, TimeSpan.FromMinutes(2), "dotnet", "run", "-c", "Release", "--no-build");
        Assert.Contains("reason NO_SOCKET", run, StringComparison.Ordinal);
        Assert.Contains("tpacket3_hdr 48", run, StringComparison.Ordinal);
        Assert.Contains("family netdev 1", run, StringComparison.Ordinal);
        Assert.Contains("no socket", run, StringComparison.Ordinal);
    }

    /// <summary>The README's "Using the package" code block, so the sample users copy is known to compile against the package.</summary>
    private static string ReadmeSample(string repoRoot)
    {
        string readme = File.ReadAllText(Path.Combine(repoRoot, "README.md"));
        int section = readme.IndexOf("## Using the package", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no 'Using the package' section");
        int start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    [Fact]
    public void The_package_holds_the_library_generator_analyzers_specs_and_readme()
    {
        string package = Path.Combine(_packages.Feed, $"NetDrop.{_packages.Version}.nupkg");
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        var entries = new System.Collections.Generic.HashSet<string>(System.Linq.Enumerable.Select(zip.Entries, e => e.FullName));
        foreach (string expected in new[]
        {
            "lib/net10.0/NetDrop.dll", "lib/net10.0/NetDrop.xml", "README.md",
            "analyzers/dotnet/cs/NetDrop.Generators.dll", "analyzers/dotnet/cs/YamlDotNet.dll", "analyzers/dotnet/cs/Scriban.Signed.dll",
            "analyzers/dotnet/cs/NetDrop.Analyzers.dll", "analyzers/dotnet/cs/NetDrop.CodeFixes.dll",
            "build/NetDrop.props", "buildTransitive/NetDrop.props", "build/NetDrop.targets", "buildTransitive/NetDrop.targets",
            "tools/specsync/NetDrop.SpecSync.dll", "tools/specsync/NetDrop.SpecSync.runtimeconfig.json", "tools/specsync/YamlDotNet.dll",
            "specs/net_dm.yaml", "specs/af_packet.yaml", "specs/drop_reasons.yaml", "specs/kernel/nlctrl.yaml",
        })
        {
            Assert.Contains(expected, entries);
        }

        Assert.True(File.Exists(Path.Combine(_packages.Feed, $"NetDrop.{_packages.Version}.snupkg")), "no symbol package");
    }
}
