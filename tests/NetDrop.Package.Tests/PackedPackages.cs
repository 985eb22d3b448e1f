using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;

namespace NetDrop.Package.Tests;

/// <summary>
/// NetDrop and NetDrop.Tool packed once for the tests, from a copy of this tree (so packing cannot race
/// with builds of the tree itself), into a local folder feed, with a version no earlier run used (NuGet
/// caches packages by id and version, and must not hand back an older build).
/// </summary>
public sealed class PackedPackages : IDisposable
{
    public PackedPackages()
    {
        Root = Directory.CreateTempSubdirectory("netdrop-package-").FullName;
        Feed = Path.Combine(Root, "feed");
        Version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        string repo = typeof(PackedPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        string source = Source = Path.Combine(Root, "source");
        foreach (string file in Dotnet.SourceFiles(repo))
        {
            string target = Path.Combine(source, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(repo, file), target);
        }

        foreach (string project in new[] { "runtime/NetDrop/NetDrop.csproj", "tools/NetDrop.Cli/NetDrop.Cli.csproj" })
        {
            Dotnet.Check(source, TimeSpan.FromMinutes(10), "dotnet", "pack", project, "-c", "Release", "-o", Feed, "-p:Version=" + Version);
        }

        RepoRoot = repo;
    }

    /// <summary>A temporary folder holding the copy, the feed and whatever the tests create.</summary>
    public string Root { get; }

    public string Feed { get; }

    /// <summary>The copy of the tree the packages were built from.</summary>
    public string Source { get; }

    public string Version { get; }

    public string RepoRoot { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
