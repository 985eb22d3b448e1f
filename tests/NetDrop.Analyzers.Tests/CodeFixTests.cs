using System.Threading.Tasks;
using NetDrop.Analyzers.Tests.Harness;

namespace NetDrop.Analyzers.Tests;

/// <summary>
/// The code fixes' exact output. The catalogue here is declared in the test with the attributes the
/// generator emits, three subsystems and six reasons, so the output is short enough to read whole and
/// shows the grouping by subsystem in enum order.
/// </summary>
public sealed class CodeFixTests
{
    private const string Catalogue = """
        using System;
        using Demo;
        using NetDrop.Metadata;

        namespace Demo
        {
            [DropReasonCatalog]
            public enum Reason
            {
                [DropReasonInfo("NOT_SPECIFIED", "core")] NotSpecified = 0,
                [DropReasonInfo("NO_SOCKET", "core")] NoSocket = 1,
                [DropReasonInfo("TCP_CSUM", "core")] TcpCsum = 2,
                [DropReasonInfo("MAC80211_UNUSABLE_X", "mac80211-unusable")] Mac80211X = 3,
                [DropReasonInfo("OVS_DROP_LAST_ACTION", "openvswitch")] OvsLastAction = 4,
                [DropReasonInfo("MAC80211_UNUSABLE_Y", "mac80211-unusable")] Mac80211Y = 5,
            }
        }

        """;

    [Fact]
    public async Task Adds_missing_sections_grouped_by_subsystem()
    {
        await CodeFixHarness.VerifyAsync(Catalogue + """
            static class C
            {
                static int M(Reason reason)
                {
                    switch (reason)
                    {
                        case Reason.NoSocket:
                            return 1;
                    }

                    return 0;
                }
            }
            """, Catalogue + """
            static class C
            {
                static int M(Reason reason)
                {
                    switch (reason)
                    {
                        case Reason.NoSocket:
                            return 1;
                        // core
                        case Reason.NotSpecified:
                        case Reason.TcpCsum:
                            break;
                        // mac80211-unusable
                        case Reason.Mac80211X:
                        case Reason.Mac80211Y:
                            break;
                        // openvswitch
                        case Reason.OvsLastAction:
                            break;
                    }

                    return 0;
                }
            }
            """, "ND1001");
    }

    [Fact]
    public async Task Adds_missing_arms_to_a_switch_expression()
    {
        await CodeFixHarness.VerifyAsync(Catalogue + """
            static class C
            {
            #pragma warning disable CS8509, CS8524
                static int M(Reason reason) => reason switch
                {
                    Reason.NotSpecified or Reason.NoSocket or Reason.TcpCsum => 1,
                    Reason.Mac80211X => 2,
                };
            }
            """, Catalogue + """
            static class C
            {
            #pragma warning disable CS8509, CS8524
                static int M(Reason reason) => reason switch
                {
                    Reason.NotSpecified or Reason.NoSocket or Reason.TcpCsum => 1,
                    Reason.Mac80211X => 2,
                    // openvswitch
                    Reason.OvsLastAction => throw new NotImplementedException(),
                    // mac80211-unusable
                    Reason.Mac80211Y => throw new NotImplementedException(),
                };
            }
            """, "ND1001");
    }

    [Fact]
    public async Task Lists_the_default_sections_reasons_as_labels()
    {
        await CodeFixHarness.VerifyAsync(Catalogue + """
            static class C
            {
                static int M(Reason reason)
                {
                    switch (reason)
                    {
                        case Reason.NoSocket:
                        case Reason.TcpCsum:
                        case Reason.Mac80211X:
                        case Reason.Mac80211Y:
                            return 1;
                        default:
                            return 0;
                    }
                }
            }
            """, Catalogue + """
            static class C
            {
                static int M(Reason reason)
                {
                    switch (reason)
                    {
                        case Reason.NoSocket:
                        case Reason.TcpCsum:
                        case Reason.Mac80211X:
                        case Reason.Mac80211Y:
                            return 1;
                        // core
                        case Reason.NotSpecified:
                        // openvswitch
                        case Reason.OvsLastAction:
                        default:
                            return 0;
                    }
                }
            }
            """, "ND1002");
    }

    [Fact]
    public async Task Adds_cases_with_the_type_qualified_as_the_file_needs()
    {
        // No using of the catalogue's namespace: the fix writes the name the way the file can resolve it.
        string catalogue = Catalogue.Replace("using Demo;\n", string.Empty).Replace("namespace Demo\n", "namespace Demo.Inner\n");
        await CodeFixHarness.VerifyAsync(catalogue + """
            namespace Demo.Other
            {
                static class C
                {
                    static void M(Demo.Inner.Reason? reason)
                    {
                        switch (reason)
                        {
                            case null:
                            case >= Demo.Inner.Reason.NoSocket:
                                break;
                        }
                    }
                }
            }
            """, catalogue + """
            namespace Demo.Other
            {
                static class C
                {
                    static void M(Demo.Inner.Reason? reason)
                    {
                        switch (reason)
                        {
                            case null:
                            case >= Demo.Inner.Reason.NoSocket:
                                break;
                            // core
                            case Inner.Reason.NotSpecified:
                                break;
                        }
                    }
                }
            }
            """, "ND1001");
    }

    [Fact]
    public async Task Uses_the_generated_payload_size_constant()
    {
        await CodeFixHarness.VerifyAsync(ControlMessageTests.Cmsg + """
            static unsafe class C
            {
                static bool M(cmsghdr* c)
                {
                    if (c->cmsg_level == AfPacketSocketLevels.SOL_PACKET && c->cmsg_type == AfPacketControlMessages.PACKET_AUXDATA)
                    {
                        return (int)c->cmsg_len >= Cmsg.CMSG_LEN(16);
                    }

                    return false;
                }
            }
            """, ControlMessageTests.Cmsg + """
            static unsafe class C
            {
                static bool M(cmsghdr* c)
                {
                    if (c->cmsg_level == AfPacketSocketLevels.SOL_PACKET && c->cmsg_type == AfPacketControlMessages.PACKET_AUXDATA)
                    {
                        return (int)c->cmsg_len >= Cmsg.CMSG_LEN(AfPacketControlMessages.PayloadSize.PACKET_AUXDATA);
                    }

                    return false;
                }
            }
            """, "ND1004");
    }

    [Fact]
    public async Task Size_fix_qualifies_the_constant_when_the_namespace_is_not_imported()
    {
        string before = ControlMessageTests.Cmsg.Replace("using NetDrop.Packet;\n", string.Empty) + """
            static unsafe class C
            {
                static int M(cmsghdr* c)
                {
                    if (c->cmsg_type == NetDrop.Packet.AfPacketControlMessages.SO_RXQ_OVFL)
                    {
                        return Cmsg.CMSG_SPACE(sizeof(ulong));
                    }

                    return 0;
                }
            }
            """;
        string after = ControlMessageTests.Cmsg.Replace("using NetDrop.Packet;\n", string.Empty) + """
            static unsafe class C
            {
                static int M(cmsghdr* c)
                {
                    if (c->cmsg_type == NetDrop.Packet.AfPacketControlMessages.SO_RXQ_OVFL)
                    {
                        return Cmsg.CMSG_SPACE(NetDrop.Packet.AfPacketControlMessages.PayloadSize.SO_RXQ_OVFL);
                    }

                    return 0;
                }
            }
            """;
        await CodeFixHarness.VerifyAsync(before, after, "ND1004");
    }
}
