using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetDrop.Tests.Corpus;
using Xunit.Abstractions;

namespace NetDrop.Package.Tests;

/// <summary>
/// The analyzer corpus (tests/NetDrop.Analyzers.Tests/Corpus) built as a user builds: one fresh project
/// holding every case, referencing the packed NetDrop package from a local folder feed, compiled by
/// <c>dotnet build</c> with the analyzers the package brings. Its diagnostics are read from the build's
/// SARIF log and scored against the corpus marks; precision and recall must both be 100%.
/// </summary>
public sealed class CorpusPackageTests(PackedPackages packages, ITestOutputHelper output) : IClassFixture<PackedPackages>
{
    [Fact]
    public void The_corpus_built_against_the_packed_package_raises_exactly_its_marked_diagnostics()
    {
        CorpusFile[] files = CorpusFile.ReadAll(Path.Combine(packages.RepoRoot, "tests", "NetDrop.Analyzers.Tests", "Corpus"));
        string project = Directory.CreateDirectory(Path.Combine(packages.Root, "corpus-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        WriteProject(project, packages);
        foreach (CorpusFile file in files)
        {
            File.WriteAllText(Path.Combine(project, file.Name), file.Source);
        }

        string log = Path.Combine(project, "analyzers.sarif");
        string build = Dotnet.Check(project, TimeSpan.FromMinutes(5), "dotnet", "build", "-c", "Release", "-p:ErrorLog=" + log + "%2Cversion=2.1");

        List<ReportedDiagnostic> reported = ReadSarif(log, files);
        CorpusScore score = CorpusScoring.Score(files, reported);
        int cases = files.Sum(f => f.Cases);
        output.WriteLine($"{cases} cases in {files.Length} files, {files.Sum(f => f.Expected.Length)} marked diagnostics, built against NetDrop {packages.Version}");
        output.WriteLine(score.Table());
        foreach (string miss in score.Misses)
        {
            output.WriteLine(miss);
        }

        // The package's analyzers ran at all: a build that loaded none would score 0 of everything.
        Assert.True(reported.Count > 0, "the build reported no ND diagnostic: the package's analyzers did not run\n" + build);
        (int tp, int fp, int fn) = score.Total;
        Assert.True(tp > 0 && fp == 0 && fn == 0, score.Table() + string.Join("\n", score.Misses));
    }

    private static void WriteProject(string project, PackedPackages packages)
    {
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="netdrop-local" value="{packages.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Corpus.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <LangVersion>latest</LangVersion>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NetDrop" Version="{packages.Version}" />
              </ItemGroup>
            </Project>
            """);
    }

    /// <summary>The ND diagnostics a SARIF 2.1 log holds, placed in the corpus files they were reported on.</summary>
    private static List<ReportedDiagnostic> ReadSarif(string path, CorpusFile[] files)
    {
        Dictionary<string, CorpusFile> byName = files.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var reported = new List<ReportedDiagnostic>();
        using JsonDocument log = JsonDocument.Parse(File.ReadAllBytes(path));
        foreach (JsonElement run in log.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.TryGetProperty("results", out JsonElement results))
            {
                continue;
            }

            foreach (JsonElement result in results.EnumerateArray())
            {
                string id = result.GetProperty("ruleId").GetString() ?? "";
                if (!id.StartsWith("ND", StringComparison.Ordinal) || !result.TryGetProperty("locations", out JsonElement locations) || locations.GetArrayLength() == 0)
                {
                    continue;
                }

                JsonElement physical = locations[0].GetProperty("physicalLocation");
                string name = Path.GetFileName(new Uri(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath);
                if (!byName.TryGetValue(name, out CorpusFile? file))
                {
                    continue;
                }

                JsonElement region = physical.GetProperty("region");
                int startLine = region.GetProperty("startLine").GetInt32();
                int startColumn = region.GetProperty("startColumn").GetInt32();
                int endLine = region.TryGetProperty("endLine", out JsonElement e) ? e.GetInt32() : startLine;
                int endColumn = region.TryGetProperty("endColumn", out JsonElement c) ? c.GetInt32() : startColumn + 1;
                string message = result.GetProperty("message").GetProperty("text").GetString() ?? "";
                reported.Add(new ReportedDiagnostic(id, name, file.Position(startLine, startColumn), file.Position(endLine, endColumn), message));
            }
        }

        return reported;
    }
}
