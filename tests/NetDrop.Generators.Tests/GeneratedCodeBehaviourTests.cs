using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace NetDrop.Generators.Tests;

/// <summary>
/// The harness compiles user code against what the generator made, and that code runs: a request
/// the generated builder writes reads back through the generated view, nested attributes included.
/// </summary>
public sealed class GeneratedCodeBehaviourTests
{
    private const string Probe = """
        using System;
        using NetDrop.Netlink;
        using Test.NetDm;

        namespace App;

        internal static class Probe
        {
            // nlmsghdr (16 bytes) and genlmsghdr (4) come before the attributes.
            private const int Headers = 20;

            public static string Config()
            {
                Span<byte> buffer = stackalloc byte[256];
                int length = NetDmRequests.Config(buffer, messageType: 0x1c, sequence: 7, alertMode: NetDmAlertMode.Packet, truncLen: 128, queueLen: 1000);
                NetDmAttributes view = NetDmAttributes.Parse(buffer.Slice(Headers, length - Headers), Headers);
                return $"{length} {buffer[16]} {view.AlertMode} {view.TruncLen} {view.QueueLen} {view.HasPc} {view.UnknownCount} {view.Error.IsError}";
            }

            public static string PacketAlert()
            {
                Span<byte> buffer = stackalloc byte[256];
                var writer = new NetlinkWriter(buffer);
                int message = writer.BeginMessage(0x1c, NetlinkMessageFlags.None, 1);
                writer.WriteGenericHeader((byte)NetDmCommand.PacketAlert, NetDmFamily.Version);
                NetDmAttributeWriter.PutOrigin(ref writer, NetDmOrigin.Hw);
                int port = NetDmAttributeWriter.BeginInPort(ref writer);
                NetDmPortAttributeWriter.PutNetdevIfindex(ref writer, 3);
                NetDmPortAttributeWriter.PutNetdevName(ref writer, "eth0");
                writer.EndNested(port);
                NetDmAttributeWriter.PutReason(ref writer, "NO_SOCKET");
                int length = writer.EndMessage(message);

                NetDmAttributes view = NetDmAttributes.Parse(buffer.Slice(Headers, length - Headers), Headers);
                NetDmPortAttributes inPort = view.InPort;
                return $"{view.Origin} {inPort.NetdevIfindex} {inPort.GetNetdevName()} {view.GetReason()} {inPort.BaseOffset} {view.Error.IsError}";
            }
        }
        """;

    [Fact]
    public void User_code_compiles_against_the_generated_code()
    {
        GeneratorRun run = GeneratorHarness.Run(new[] { SpecInput.FromRepository("net_dm.yaml", "Test.NetDm") }, Probe);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void A_request_reads_back_through_the_view()
    {
        Assert.Equal("44 2 Packet 128 1000 False 0 False", Invoke("Config"));
    }

    [Fact]
    public void Nested_attributes_read_back_with_their_outer_offsets()
    {
        // IN_PORT starts after the headers (20) and ORIGIN (8); its payload after its own header (4).
        Assert.Equal("Hw 3 eth0 NO_SOCKET 32 False", Invoke("PacketAlert"));
    }

    [Fact]
    public void Compilation_errors_and_warnings_are_reported()
    {
        // So the zero-diagnostic assertions elsewhere are not vacuous.
        GeneratorRun run = GeneratorHarness.Run(
            new[] { SpecInput.FromRepository("net_dm.yaml", "Test.NetDm") },
            "namespace App;\n\npublic static class Broken\n{\n    public static int Value() { int unused; return Test.NetDm.NetDmCommand.Nope; }\n}\n");

        Assert.Contains(run.CompilationDiagnostics, d => d.Id == "CS0117" && d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(run.CompilationDiagnostics, d => d.Id == "CS0168" && d.Severity == DiagnosticSeverity.Warning);
    }

    private static string Invoke(string method)
    {
        GeneratorRun run = GeneratorHarness.Run(new[] { SpecInput.FromRepository("net_dm.yaml", "Test.NetDm") }, Probe);
        using var stream = new MemoryStream();
        EmitResult emitted = run.OutputCompilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        // A collectible context keeps the probe assembly from piling up; NetDrop.dll comes from the default one.
        var context = new AssemblyLoadContext("probe", isCollectible: true);
        try
        {
            stream.Position = 0;
            Assembly assembly = context.LoadFromStream(stream);
            MethodInfo probe = assembly.GetType("App.Probe", throwOnError: true)!.GetMethod(method)!;
            return (string)probe.Invoke(null, null)!;
        }
        finally
        {
            context.Unload();
        }
    }
}
