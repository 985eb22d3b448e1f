using System.Threading.Tasks;
using NetDrop.Analyzers.Tests.Verifiers;

namespace NetDrop.Analyzers.Tests;

/// <summary>ND1012 (CONFIG after START) and ND1013 (START naming neither drop kind), on the generated request builders.</summary>
public sealed class NetDmRequestTests
{
    [Fact]
    public async Task Config_after_start_fires()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using System;
            using NetDrop.NetDm;
            using NetDrop.Netlink;
            static class C
            {
                static void M(Span<byte> buffer, ushort family)
                {
                    NetDmRequests.Start(buffer, family, 1, swDrops: true);
                    {|#0:NetDmRequests.Config(buffer, family, 2, alertMode: NetDmAlertMode.Packet)|};
                }

                static void Begin(Span<byte> buffer, ushort family)
                {
                    var writer = new NetlinkWriter(buffer);
                    int start = NetDmRequests.BeginStart(ref writer, family, 1);
                    NetDmAttributeWriter.PutSwDrops(ref writer);
                    writer.EndMessage(start);
                    int config = {|ND1012:NetDmRequests.BeginConfig(ref writer, family, 2)|};
                    writer.EndMessage(config);
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1012").WithLocation(0)
                .WithMessage("This NET_DM CONFIG request comes after NET_DM START on the same client, and the kernel refuses CONFIG in the 'monitoring' state that START enters; make CONFIG before START, or leave 'monitoring' first"));
    }

    [Fact]
    public async Task Config_before_start_or_after_stop_is_silent()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using System;
            using NetDrop.NetDm;
            static class C
            {
                static void Before(Span<byte> buffer, ushort family)
                {
                    NetDmRequests.Config(buffer, family, 1, alertMode: NetDmAlertMode.Packet, truncLen: 128, queueLen: 1000);
                    NetDmRequests.Start(buffer, family, 2, swDrops: true, hwDrops: true);
                }

                static void AfterStop(Span<byte> buffer, ushort family)
                {
                    NetDmRequests.Start(buffer, family, 1, hwDrops: true);
                    NetDmRequests.Stop(buffer, family, 2, hwDrops: true);
                    NetDmRequests.Config(buffer, family, 3, queueLen: 100);
                }

                static void OtherMethod(Span<byte> buffer, ushort family) => NetDmRequests.Config(buffer, family, 4, queueLen: 10);
            }
            """);
    }

    [Fact]
    public async Task Start_without_drop_kind_fires()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using System;
            using NetDrop.NetDm;
            static class C
            {
                static void M(Span<byte> buffer, ushort family, bool hw)
                {
                    {|#0:NetDmRequests.Start(buffer, family, 1)|};
                    {|ND1013:NetDmRequests.Start(buffer, family, 2, swDrops: false, hwDrops: false)|};
                    NetDmRequests.Start(buffer, family, 3, swDrops: true);
                    NetDmRequests.Start(buffer, family, 4, hwDrops: hw);
                    NetDmRequests.Stop(buffer, family, 5);
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1013").WithLocation(0)
                .WithMessage("This NET_DM START request sets neither sw-drops nor hw-drops, and the NET_DM spec says it should name one of them; pass swDrops: true or hwDrops: true"));
    }

    [Fact]
    public async Task A_client_marked_with_metadata_is_checked_per_instance()
    {
        // Issue 5's client: its methods carry [NetlinkRequest], and the client is the instance.
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop.Metadata;
            sealed class Client
            {
                [NetlinkRequest("NET_DM", "start")]
                public void Start([NetlinkAttributeParameter("sw-drops")] bool software = false, [NetlinkAttributeParameter("hw-drops")] bool hardware = false) { }

                [NetlinkRequest("NET_DM", "config")]
                public void Configure(int queueLength) { }
            }
            static class C
            {
                static void M(Client a, Client b)
                {
                    a.Start(software: true);
                    b.Configure(10);
                    {|ND1012:a.Configure(10)|};
                    {|ND1013:b.Start()|};
                }
            }
            """);
    }
}
