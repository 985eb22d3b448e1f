using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace NetDrop.Analyzers.Tests.Builds;

/// <summary>One warning of a real build: its ID, file line and message.</summary>
internal sealed record BuildWarning(string Id, int Line, string Message, string? HelpLink = null);

/// <summary>
/// Builds a small project in a temporary folder with `dotnet build`, the way a user's project consumes
/// NetDrop: the runtime as a project reference, the analyzers as an Analyzer reference. The referenced
/// projects are not rebuilt (the solution build made them), so the build takes seconds and writes
/// nothing into the repository.
/// </summary>
internal sealed class SampleBuild : IDisposable
{
    private static readonly Regex WarningLine = new(@"\((?<line>\d+),\d+\): warning (?<id>ND\d{4}): (?<message>.*?)(?: \((?<link>(?:https://|docs/)[^ ]*\.md)\))? \[", RegexOptions.Compiled);

    public SampleBuild()
    {
        Directory = Path.Combine(Path.GetTempPath(), "netdrop-analyzer-sample-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>The configuration the tests were built in (bin/Debug or bin/Release), which the referenced outputs are in.</summary>
    public static string Configuration => AppContext.BaseDirectory.Replace('\\', '/').Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public (int ExitCode, string Output, List<BuildWarning> Warnings) Build(string source, string globalConfig, TimeSpan timeout)
    {
        string root = RepoCompilation.Root;
        File.WriteAllText(Path.Combine(Directory, "Sample.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <!-- The compiler's own warnings about the same switches are not what this build checks. -->
                <NoWarn>$(NoWarn);CS8509;CS8524;CS0168;CS0219;CS8981</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{root}/runtime/NetDrop/NetDrop.csproj" />
                <ProjectReference Include="{root}/analyzers/NetDrop.Analyzers/NetDrop.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Directory, "Sample.cs"), source);
        File.WriteAllText(Path.Combine(Directory, ".globalconfig"), globalConfig);

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "build", "Sample.csproj", "-c", Configuration, "--no-dependencies", "-nologo", "-v", "q",
            "-nodeReuse:false", "-p:UseSharedCompilation=false", "-p:TreatWarningsAsErrors=false",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet build of the sample took over {timeout.TotalSeconds} s:\n{output}");
        }

        process.WaitForExit();
        string text = output.ToString();
        var warnings = new List<BuildWarning>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            Match match = WarningLine.Match(line);
            // MSBuild repeats each warning in its summary; keep one of each.
            if (match.Success && seen.Add(match.Value))
            {
                warnings.Add(new BuildWarning(match.Groups["id"].Value, int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["message"].Value, match.Groups["link"].Success ? match.Groups["link"].Value : null));
            }
        }

        return (process.ExitCode, text, warnings);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
