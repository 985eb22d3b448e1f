using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Emit;

namespace NetDrop.Generators.Tests;

/// <summary>
/// The client generated from the kernel's rt-link.yaml, without the kernel: a nest's argument struct
/// writes what the view reads back, an owned reply keeps its header and attributes, notifications need
/// a subscription first, and each operation gets the forms its spec calls for.
/// </summary>
public sealed class ClientBehaviourTests
{
    private const string Probe = """
        using System;
        using NetDrop.Netlink;
        using Test.RtLink;

        namespace App;

        internal static class Probe
        {
            public static string Arguments()
            {
                Span<byte> buffer = stackalloc byte[64];
                var writer = new NetlinkWriter(buffer);
                var none = default(RtLinkLinkinfoArguments);
                var veth = new RtLinkLinkinfoArguments { Kind = "veth" };
                int nest = writer.BeginNested(18);
                veth.WriteTo(ref writer);
                writer.EndNested(nest);
                var linkinfo = RtLinkLinkinfoAttributes.Parse(writer.Written.Slice(4));
                return $"{none.IsEmpty} {veth.IsEmpty} {linkinfo.GetKind()} {linkinfo.Error.IsError}";
            }

            /// <summary>
            /// linkinfo as vlan through its format's member, with the egress-qos nest inside it holding
            /// two repeated mapping attributes, read back through the sub-message accessor.
            /// </summary>
            public static string NestedSubMessage()
            {
                Span<byte> buffer = stackalloc byte[256];
                var writer = new NetlinkWriter(buffer);
                byte[] first = new byte[8];
                byte[] second = new byte[8];
                first[0] = 1;
                second[0] = 2;
                second[4] = 5;
                var linkinfo = new RtLinkLinkinfoArguments
                {
                    DataAsVlan = new RtLinkLinkinfoVlanArguments
                    {
                        Id = 10,
                        EgressQos = new RtLinkIflaVlanQosArguments { Mapping = new ReadOnlyMemory<byte>[] { first, second } },
                    },
                };
                int nest = writer.BeginNested(18);
                linkinfo.WriteTo(ref writer);
                writer.EndNested(nest);
                var view = RtLinkLinkinfoAttributes.Parse(writer.Written.Slice(4));
                if (!view.TryGetDataAsVlan(out RtLinkLinkinfoVlanAttributes vlan))
                {
                    return $"not vlan: {view.GetKind()}";
                }

                var mappings = new System.Collections.Generic.List<string>();
                foreach (var mapping in vlan.EgressQos.MappingValues)
                {
                    mappings.Add($"{mapping.Payload[0]}>{mapping.Payload[4]}");
                }

                return $"{view.GetKind()} {vlan.Id} {string.Join(",", mappings)} {view.Error.IsError}";
            }

            public static string OwnedReply()
            {
                Span<byte> buffer = stackalloc byte[64];
                var writer = new NetlinkWriter(buffer);
                RtLinkLinkAttributeWriter.PutIfname(ref writer, "ndyc0");
                RtLinkLinkAttributeWriter.PutMtu(ref writer, 1400);
                var reply = new RtLinkGetlinkReply(new Ifinfomsg { IfiIndex = 7 }, writer.Written.ToArray());
                buffer.Clear();
                RtLinkLinkAttributes link = reply.Attributes;
                return $"{reply.Header.IfiIndex} {link.GetIfname()} {link.Mtu} {reply.AttributeBytes.Length}";
            }

            public static string Unsubscribed()
            {
                using RtLinkNetlinkClient client = RtLinkNetlinkClient.Open();
                try
                {
                    client.ReceiveNotifications(TimeSpan.Zero);
                    return "received";
                }
                catch (InvalidOperationException e)
                {
                    return e.Message;
                }
            }
        }
        """;

    [Fact]
    public void A_nest_argument_struct_writes_only_what_is_set()
    {
        Assert.Equal("True False veth False", Invoke("Arguments"));
    }

    [Fact]
    public void A_sub_message_format_with_a_nest_of_repeated_bytes_is_written_as_the_view_reads_it()
    {
        Assert.Equal("vlan 10 1>0,2>5 False", Invoke("NestedSubMessage"));
    }

    [Fact]
    public void An_owned_reply_keeps_its_header_and_attributes_after_the_buffer_is_reused()
    {
        Assert.Equal("7 ndyc0 1400 20", Invoke("OwnedReply"));
    }

    [Fact]
    public void Notifications_need_a_subscription()
    {
        Assert.Equal("RtLinkNetlinkClient.Subscribe joins a group before notifications can be received", Invoke("Unsubscribed"));
    }

    [Fact]
    public void Each_operation_gets_the_forms_its_spec_calls_for()
    {
        Type client = Compile().GetType("Test.RtLink.RtLinkNetlinkClient", throwOnError: true)!;
        string Forms(string name) => string.Join(", ", client.GetMethods().Where(m => m.Name == name)
            .Select(m => (m.IsGenericMethodDefinition ? "handler " : "") + m.ReturnType.Name).OrderBy(f => f, StringComparer.Ordinal));

        // getlink: a do with a reply and a dump; newlink: a do answered by an ACK alone.
        Assert.Equal("RtLinkGetlinkReply, handler Void", Forms("Getlink"));
        Assert.Equal("List`1, handler Void", Forms("GetlinkDump"));
        Assert.Equal("Void", Forms("Newlink"));
        Assert.Equal("", Forms("NewlinkDump"));
        Assert.Equal("Ifinfomsg", client.GetMethod("Newlink")!.GetParameters()[0].ParameterType.GetElementType()!.Name);
    }

    private static Assembly? _assembly;

    private static Assembly Compile()
    {
        if (_assembly is not null)
        {
            return _assembly;
        }

        string link = Path.Combine(AppContext.BaseDirectory, "ynl", "rt-link.yaml");
        GeneratorRun run = GeneratorHarness.Run(new[] { new SpecInput(link, File.ReadAllText(link), "Test.RtLink") }, Probe);
        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics));
        using var stream = new MemoryStream();
        EmitResult emitted = run.OutputCompilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return _assembly = new AssemblyLoadContext("rt-link-client", isCollectible: false).LoadFromStream(new MemoryStream(stream.ToArray()));
    }

    private static string Invoke(string method) =>
        (string)Compile().GetType("App.Probe", throwOnError: true)!.GetMethod(method)!.Invoke(null, null)!;
}
