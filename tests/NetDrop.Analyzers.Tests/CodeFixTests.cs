using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using NetDrop.Analyzers.Tests.Verifiers;
using ReasonFix = NetDrop.Analyzers.Tests.Verifiers.CodeFixVerifier<NetDrop.CodeFixes.CodeFixes.AddMissingDropReasonCasesCodeFix>;
using SizeFix = NetDrop.Analyzers.Tests.Verifiers.CodeFixVerifier<NetDrop.CodeFixes.CodeFixes.UseControlMessageSizeConstantCodeFix>;

namespace NetDrop.Analyzers.Tests;

/// <summary>
/// The code fixes' exact output, one diagnostic at a time and as fix-all, and that it compiles. The
/// catalogue here is declared in the test with the attributes the generator emits, three subsystems and
/// six reasons, so the output is short enough to read whole and shows the grouping by subsystem in enum
/// order.
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
        await new ReasonFix.Test
        {
            TestCode = Catalogue + """
                static class C
                {
                    static int M(Reason reason)
                    {
                        {|ND1001:switch (reason)|}
                        {
                            case Reason.NoSocket:
                                return 1;
                        }

                        return 0;
                    }
                }
                """,
            FixedCode = Catalogue + """
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
                """,
            NumberOfIncrementalIterations = 1,
            NumberOfFixAllIterations = 1,
        }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Adds_missing_arms_to_a_switch_expression()
    {
        await new ReasonFix.Test
        {
            TestCode = Catalogue + """
                static class C
                {
                #pragma warning disable CS8509, CS8524
                    static int M(Reason reason) => {|ND1001:reason switch|}
                    {
                        Reason.NotSpecified or Reason.NoSocket or Reason.TcpCsum => 1,
                        Reason.Mac80211X => 2,
                    };
                }
                """,
            FixedCode = Catalogue + """
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
                        _ => throw new System.Runtime.CompilerServices.SwitchExpressionException(reason),
                    };
                }
                """,
            NumberOfIncrementalIterations = 1,
            NumberOfFixAllIterations = 1,
        }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Fix_on_a_switch_expression_leaves_no_compiler_warning()
    {
        await new ReasonFix.Test
        {
            // The compiler's warnings count here; the catalogue's missing XML docs are not what this checks.
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
            DisabledDiagnostics = { "CS1591" },
            TestCode = Catalogue + """
                static class C
                {
                    static int M(Reason reason) => {|ND1001:reason {|CS8509:switch|}|}
                    {
                        Reason.NotSpecified or Reason.NoSocket or Reason.TcpCsum => 1,
                        Reason.Mac80211X => 2,
                    };
                }
                """,
            FixedCode = Catalogue + """
                static class C
                {
                    static int M(Reason reason) => reason switch
                    {
                        Reason.NotSpecified or Reason.NoSocket or Reason.TcpCsum => 1,
                        Reason.Mac80211X => 2,
                        // openvswitch
                        Reason.OvsLastAction => throw new NotImplementedException(),
                        // mac80211-unusable
                        Reason.Mac80211Y => throw new NotImplementedException(),
                        _ => throw new System.Runtime.CompilerServices.SwitchExpressionException(reason),
                    };
                }
                """,
            NumberOfIncrementalIterations = 1,
            NumberOfFixAllIterations = 1,
        }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Lists_the_default_sections_reasons_as_labels()
    {
        await new ReasonFix.Test
        {
            TestCode = Catalogue + """
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
                            {|ND1002:default|}:
                                return 0;
                        }
                    }
                }
                """,
            FixedCode = Catalogue + """
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
                """,
            NumberOfIncrementalIterations = 1,
            NumberOfFixAllIterations = 1,
        }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Adds_cases_with_the_type_qualified_as_the_file_needs()
    {
        // No using of the catalogue's namespace: the fix writes the name the way the file can resolve it.
        string catalogue = Catalogue.Replace("using Demo;\n", string.Empty).Replace("namespace Demo\n", "namespace Demo.Inner\n");
        await new ReasonFix.Test
        {
            TestCode = catalogue + """
                namespace Demo.Other
                {
                    static class C
                    {
                        static void M(Demo.Inner.Reason? reason)
                        {
                            {|ND1001:switch (reason)|}
                            {
                                case null:
                                case >= Demo.Inner.Reason.NoSocket:
                                    break;
                            }
                        }
                    }
                }
                """,
            FixedCode = catalogue + """
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
                """,
            NumberOfIncrementalIterations = 1,
            NumberOfFixAllIterations = 1,
        }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Fix_all_adds_the_missing_reasons_to_every_switch_at_once()
    {
        // Two switches, two diagnostics: one by one takes two fixes, fix-all one pass, with the same result.
        await new ReasonFix.Test
        {
            TestCode = Catalogue + """
                static class C
                {
                    static int M(Reason reason)
                    {
                        {|ND1001:switch (reason)|}
                        {
                            case >= Reason.NoSocket:
                                return 1;
                        }

                        return 0;
                    }

                #pragma warning disable CS8509, CS8524
                    static int E(Reason reason) => {|ND1001:reason switch|}
                    {
                        <= Reason.OvsLastAction => 1,
                    };
                }
                """,
            FixedCode = Catalogue + """
                static class C
                {
                    static int M(Reason reason)
                    {
                        switch (reason)
                        {
                            case >= Reason.NoSocket:
                                return 1;
                            // core
                            case Reason.NotSpecified:
                                break;
                        }

                        return 0;
                    }

                #pragma warning disable CS8509, CS8524
                    static int E(Reason reason) => reason switch
                    {
                        <= Reason.OvsLastAction => 1,
                        // mac80211-unusable
                        Reason.Mac80211Y => throw new NotImplementedException(),
                        _ => throw new System.Runtime.CompilerServices.SwitchExpressionException(reason),
                    };
                }
                """,
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Default_arm_of_a_switch_expression_inside_a_switch_statement_gets_no_fix()
    {
        // The expression's discard arm has no labels to list reasons in. Before the fix was offered only on
        // the switch it is about, it wrote the expression's reasons into the enclosing statement's default
        // section, as labels the statement already had: the build broke (CS0152).
        string source = Catalogue + """
            static class C
            {
                static int M(Reason reason, Reason other)
                {
                    switch (reason)
                    {
                        case Reason.NotSpecified:
                        case Reason.NoSocket:
                        case Reason.TcpCsum:
                        case Reason.Mac80211X:
                        case Reason.OvsLastAction:
                        case Reason.Mac80211Y:
                            return 1;
                        default:
                            return other switch
                            {
                                Reason.NoSocket => 2,
                                {|ND1002:_|} => 0,
                            };
                    }
                }
            }
            """;
        await new ReasonFix.Test
        {
            TestCode = source,
            FixedCode = source,
        }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Default_arm_written_as_a_pattern_gets_no_fix()
    {
        // Only a default label has a section to list reasons in; a catch-all pattern arm is left as written.
        string source = Catalogue + """
            static class C
            {
                static int M(Reason reason)
                {
                    switch (reason)
                    {
                        case Reason.NoSocket:
                            return 1;
                        case {|ND1002:var other|}:
                            return (int)other;
                    }
                }
            }
            """;
        await new ReasonFix.Test
        {
            TestCode = source,
            FixedCode = source,
        }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Uses_the_generated_payload_size_constant()
    {
        await new SizeFix.Test
        {
            TestCode = ControlMessageTests.Cmsg + """
                static unsafe class C
                {
                    static bool M(cmsghdr* c)
                    {
                        if (c->cmsg_level == AfPacketSocketLevels.SOL_PACKET && c->cmsg_type == AfPacketControlMessages.PACKET_AUXDATA)
                        {
                            return (int)c->cmsg_len >= Cmsg.CMSG_LEN({|ND1004:16|});
                        }

                        return false;
                    }
                }
                """,
            FixedCode = ControlMessageTests.Cmsg + """
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
                """,
            NumberOfIncrementalIterations = 1,
            NumberOfFixAllIterations = 1,
        }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Size_fix_qualifies_the_constant_when_the_namespace_is_not_imported()
    {
        string cmsg = ControlMessageTests.Cmsg.Replace("using NetDrop.Packet;\n", string.Empty);
        await new SizeFix.Test
        {
            TestCode = cmsg + """
                static unsafe class C
                {
                    static int M(cmsghdr* c)
                    {
                        if (c->cmsg_type == NetDrop.Packet.AfPacketControlMessages.SO_RXQ_OVFL)
                        {
                            return Cmsg.CMSG_SPACE({|ND1004:sizeof(ulong)|});
                        }

                        return 0;
                    }
                }
                """,
            FixedCode = cmsg + """
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
                """,
            NumberOfIncrementalIterations = 1,
            NumberOfFixAllIterations = 1,
        }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Fix_all_replaces_every_wrong_size_at_once()
    {
        await new SizeFix.Test
        {
            TestCode = ControlMessageTests.Cmsg + """
                static unsafe class C
                {
                    static int M(cmsghdr* c)
                    {
                        if (c->cmsg_level == AfPacketSocketLevels.SOL_PACKET && c->cmsg_type == AfPacketControlMessages.PACKET_AUXDATA)
                        {
                            return Cmsg.CMSG_LEN({|ND1004:16|}) + Cmsg.CMSG_SPACE({|ND1004:sizeof(int) * 4|});
                        }

                        if (c->cmsg_type == AfPacketControlMessages.SO_RXQ_OVFL)
                        {
                            return Cmsg.CMSG_LEN({|ND1004:sizeof(ulong)|});
                        }

                        return 0;
                    }
                }
                """,
            FixedCode = ControlMessageTests.Cmsg + """
                static unsafe class C
                {
                    static int M(cmsghdr* c)
                    {
                        if (c->cmsg_level == AfPacketSocketLevels.SOL_PACKET && c->cmsg_type == AfPacketControlMessages.PACKET_AUXDATA)
                        {
                            return Cmsg.CMSG_LEN(AfPacketControlMessages.PayloadSize.PACKET_AUXDATA) + Cmsg.CMSG_SPACE(AfPacketControlMessages.PayloadSize.PACKET_AUXDATA);
                        }

                        if (c->cmsg_type == AfPacketControlMessages.SO_RXQ_OVFL)
                        {
                            return Cmsg.CMSG_LEN(AfPacketControlMessages.PayloadSize.SO_RXQ_OVFL);
                        }

                        return 0;
                    }
                }
                """,
            NumberOfIncrementalIterations = 3,
            NumberOfFixAllIterations = 1,
        }.RunAsync(CancellationToken.None);
    }
}
