using System;
using System.Diagnostics;
using System.IO;

namespace NetDrop.Tests.Specs;

/// <summary>
/// The NetDropKernelHeaders property of the package's build/NetDrop.targets, in a real dotnet build of a
/// small project: specs behind the headers are a warning with the command that fixes them; current
/// specs build quietly.
/// </summary>
public sealed class KernelHeadersBuildTests : IDisposable
{
    private readonly string _project = Path.Combine(Path.GetTempPath(), $"netdrop-build-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public KernelHeadersBuildTests()
    {
        Directory.CreateDirectory(_project);
        string targets = Path.Combine(SpecSyncFiles.RepoRoot, "runtime", "NetDrop", "build", "NetDrop.targets");
        string tool = Path.Combine(AppContext.BaseDirectory, "NetDrop.SpecSync.dll");

        // As the package delivers it, except that the tool is the one built beside this test.
        File.WriteAllText(Path.Combine(_project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <NetDropSpecSyncTool>{tool}</NetDropSpecSyncTool>
              </PropertyGroup>
              <Import Project="{targets}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(_project, "Empty.cs"), "internal static class Empty { }\n");
    }

    [Fact]
    public void Out_of_date_specs_are_a_warning_with_the_fix_and_current_ones_are_not()
    {
        using var specs = new SpecSyncFiles.ScratchSpecs();
        string before = specs.Read("drop_reasons.yaml");

        (int exit, string output) = Build($"-p:NetDropKernelHeaders={SpecSyncFiles.HeadersUpstream}", "-p:NetDropKernelVersion=6.13", $"-p:NetDropSpecsDirectory={specs.Path}");

        Assert.True(exit == 0, output);
        Assert.Contains($"warning ND2001: NetDrop specs out of date with the Linux 6.13 headers in {SpecSyncFiles.HeadersUpstream}: drop_reasons.yaml, net_dm.yaml", output);
        Assert.Contains($"Fix: netdrop specs sync --headers {SpecSyncFiles.HeadersUpstream} --specs {specs.Path}", output);
        Assert.Equal(before, specs.Read("drop_reasons.yaml"));

        (exit, output) = Build("--no-restore", $"-p:NetDropKernelHeaders={SpecSyncFiles.Headers61}", "-p:NetDropKernelVersion=6.1", $"-p:NetDropSpecsDirectory={specs.Path}");

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("ND2001", output);
        Assert.Contains("0 Warning(s)", output);
    }

    private (int Exit, string Output) Build(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "build", "-nologo", "-nodeReuse:false", "-v:m" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet build did not finish in 3 minutes");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);
}
