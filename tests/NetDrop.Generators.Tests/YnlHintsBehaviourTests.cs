using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace NetDrop.Generators.Tests;

/// <summary>
/// What YNL says about values beyond their type, run through generated code: enum-as-flags as a
/// [Flags] type of the enum's bits, display-hint as formatters on the view, checks (min, max) as
/// range checks in the writers.
/// </summary>
public sealed class YnlHintsBehaviourTests
{
    private const string Spec = """
        name: hints
        protocol: genetlink
        definitions:
          -
            name: action
            type: enum
            entries: [ unspec, driver-reinit, fw-activate ]
        attribute-sets:
          -
            name: hints
            attributes:
              -
                name: actions
                type: u32
                enum: action
                enum-as-flags: True
              -
                name: address
                type: binary
                display-hint: mac
              -
                name: local
                type: binary
                display-hint: ipv4-or-v6
              -
                name: daddr
                type: u32
                byte-order: big-endian
                display-hint: ipv4
              -
                name: cookie
                type: u64
                display-hint: hex
              -
                name: level
                type: u8
                checks:
                  min: 1
                  max: 7
              -
                name: ifindex
                type: u32
                checks:
                  min: 1
                  max: s32-max
        """;

    private const string Probe = """
        using System;
        using NetDrop.Netlink;
        using Test.Hints;

        namespace App;

        internal static class Probe
        {
            public static string Flags()
            {
                Span<byte> buffer = stackalloc byte[128];
                var writer = new NetlinkWriter(buffer);
                HintsAttributeWriter.PutActions(ref writer, ActionFlags.DriverReinit | ActionFlags.FwActivate);
                HintsAttributes view = HintsAttributes.Parse(buffer.Slice(0, writer.Length), 0);
                return $"{(uint)ActionFlags.Unspec} {(uint)ActionFlags.DriverReinit} {(uint)ActionFlags.FwActivate} {view.Actions} {(uint)view.Actions!.Value}";
            }

            public static string Display()
            {
                Span<byte> buffer = stackalloc byte[128];
                var writer = new NetlinkWriter(buffer);
                HintsAttributeWriter.PutAddress(ref writer, new byte[] { 0x02, 0, 0, 0, 0xab, 0x01 });
                HintsAttributeWriter.PutLocal(ref writer, new byte[] { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 });
                HintsAttributeWriter.PutDaddr(ref writer, 0x0a000001);
                HintsAttributeWriter.PutCookie(ref writer, 0xdeadbeef);
                HintsAttributes view = HintsAttributes.Parse(buffer.Slice(0, writer.Length), 0);
                HintsAttributes empty = HintsAttributes.Parse(default, 0);
                return $"{view.FormatAddress()} {view.FormatLocal()} {view.FormatDaddr()} {view.FormatCookie()} {empty.FormatAddress() ?? "absent"}";
            }

            public static string Checks()
            {
                byte[] buffer = new byte[128];
                string Try(Action<byte[]> put)
                {
                    try { put(buffer); return "ok"; }
                    catch (ArgumentOutOfRangeException e) { return e.Message.Split(' ')[0] + ":" + e.ActualValue; }
                }

                return string.Join(" ", new[]
                {
                    Try(b => { var w = new NetlinkWriter(b); HintsAttributeWriter.PutLevel(ref w, 1); }),
                    Try(b => { var w = new NetlinkWriter(b); HintsAttributeWriter.PutLevel(ref w, 7); }),
                    Try(b => { var w = new NetlinkWriter(b); HintsAttributeWriter.PutLevel(ref w, 0); }),
                    Try(b => { var w = new NetlinkWriter(b); HintsAttributeWriter.PutLevel(ref w, 8); }),
                    Try(b => { var w = new NetlinkWriter(b); HintsAttributeWriter.PutIfindex(ref w, 2147483647); }),
                    Try(b => { var w = new NetlinkWriter(b); HintsAttributeWriter.PutIfindex(ref w, 2147483648); }),
                });
            }
        }
        """;

    [Fact]
    public void Enum_as_flags_is_a_flags_type_of_the_enums_bits()
    {
        Assert.Equal("1 2 4 DriverReinit, FwActivate 6", Invoke("Flags"));
    }

    [Fact]
    public void Display_hints_format_the_payload()
    {
        Assert.Equal("02:00:00:00:ab:01 fd00::1 10.0.0.1 0xdeadbeef absent", Invoke("Display"));
    }

    [Fact]
    public void Writers_refuse_what_the_checks_refuse()
    {
        Assert.Equal("ok ok HINTS_A_LEVEL:0 HINTS_A_LEVEL:8 ok HINTS_A_IFINDEX:2147483648", Invoke("Checks"));
    }

    private static string Invoke(string method)
    {
        GeneratorRun run = GeneratorHarness.Run(new[] { SpecInput.Inline(Spec, "Test.Hints", "/specs/hints.yaml") }, Probe);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics));
        using var stream = new MemoryStream();
        EmitResult emitted = run.OutputCompilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new AssemblyLoadContext("hints-probe", isCollectible: true);
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
