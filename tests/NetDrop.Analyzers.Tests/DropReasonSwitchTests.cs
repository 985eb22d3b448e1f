using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NetDrop.Analyzers.Tests.Verifiers;

namespace NetDrop.Analyzers.Tests;

/// <summary>ND1001 (switch misses reasons, no default) and ND1002 (reasons the default arm takes).</summary>
public sealed class DropReasonSwitchTests
{
    [Fact]
    public async Task Statement_without_default_that_misses_reasons_fires()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            static class C
            {
                static int M(DropReason reason)
                {
                    {|#0:switch (reason)|}
                    {
                        case DropReason.NoSocket:
                            return 1;
                        case DropReason.TcpCsum:
                            return 2;
                    }

                    return 0;
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1001").WithLocation(0)
                .WithMessage("This switch over DropReason has no default arm and does not handle 127 reason(s): NotSpecified, PktTooSmall, SocketFilter, UdpCsum, NetfilterDrop, Otherhost, IpCsum, IpInhdr and 119 more; add cases for them or a default arm"));
    }

    [Fact]
    public async Task Expression_without_discard_fires()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            static class C
            {
            #pragma warning disable CS8509, CS8524 // the compiler's own non-exhaustive warnings
                static int M(DropReason reason) => {|ND1001:reason switch|}
                {
                    DropReason.NoSocket => 1,
                    DropReason.TcpCsum or DropReason.UdpCsum => 2,
                };
            }
            """);
    }

    [Fact]
    public async Task Default_arm_lists_the_reasons_it_takes()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            static class C
            {
                static int M(DropReason reason)
                {
                    switch (reason)
                    {
                        case DropReason.NoSocket:
                            return 1;
                        {|#0:default|}:
                            return 0;
                    }
                }

                static int E(DropReason reason) => reason switch
                {
                    DropReason.NoSocket => 1,
                    {|ND1002:_|} => 0,
                };
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1002").WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
                .WithMessage("The default arm of this switch over DropReason takes 128 reason(s): NotSpecified, PktTooSmall, TcpCsum, SocketFilter, UdpCsum, NetfilterDrop, Otherhost, IpCsum and 120 more"));
    }

    [Fact]
    public async Task Var_and_not_patterns_are_default_arms()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            static class C
            {
                static int V(DropReason reason) => reason switch
                {
                    DropReason.NoSocket => 1,
                    {|ND1002:var other|} => (int)other,
                };

                static int N(DropReason reason) => reason switch
                {
                    DropReason.NoSocket => 1,
                    {|ND1002:not DropReason.NoSocket|} => 2,
                };
            }
            """);
    }

    [Fact]
    public async Task Every_reason_handled_with_or_patterns_and_relational_patterns_is_silent()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            static class C
            {
            #pragma warning disable CS8524 // unnamed enum values: the compiler's business, not NetDrop's
                static int M(DropReason reason) => reason switch
                {
                    DropReason.NotSpecified or DropReason.NoSocket => 1,
                    >= DropReason.PktTooSmall and <= DropReason.SkbRxHeadroom => 2,
                };
            }
            """);
    }

    [Fact]
    public async Task Constants_are_folded()
    {
        // An alias constant names the same reason: it counts as handled.
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            static class C
            {
                const DropReason Unspecified = DropReason.NotSpecified;

                static int M(DropReason reason)
                {
                    switch (reason)
                    {
                        case Unspecified:
                            return 0;
                        case >= DropReason.NoSocket:
                            return 1;
                    }

                    return 2;
                }
            }
            """);
    }

    [Fact]
    public async Task Nullable_reason_with_every_reason_and_null_is_silent()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            static class C
            {
                static int M(DropReason? reason)
                {
                    switch (reason)
                    {
                        case null:
                            return -1;
                        case DropReason.NotSpecified:
                            return 0;
                        case > DropReason.NotSpecified:
                            return 1;
                    }

                    return 2;
                }
            }
            """);
    }

    [Fact]
    public async Task Nullable_reason_missing_reasons_fires()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            static class C
            {
                static int M(DropReason? reason)
                {
                    {|ND1001:switch (reason)|}
                    {
                        case null:
                            return -1;
                        case DropReason.NoSocket:
                            return 1;
                    }

                    return 2;
                }
            }
            """);
    }

    [Fact]
    public async Task Guarded_arms_do_not_count_as_handled()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            static class C
            {
                static int M(DropReason reason, bool b)
                {
                    {|ND1001:switch (reason)|}
                    {
                        case >= DropReason.NotSpecified when b:
                            return 1;
                    }

                    return 0;
                }
            }
            """);
    }

    [Fact]
    public async Task Unrelated_enums_and_generic_code_are_silent()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using System;
            using NetDrop;
            enum Mine { NoSocket, TcpCsum, Other }
            static class C
            {
                static int M(Mine m)
                {
                    switch (m)
                    {
                        case Mine.NoSocket:
                            return 1;
                    }

                    return 0;
                }

                static int S(DropReasonSubsystem s)
                {
                    switch (s)
                    {
                        case DropReasonSubsystem.Core:
                            return 1;
                    }

                    return 0;
                }

                static int G<T>(T value) where T : struct, Enum
                {
                    switch (value)
                    {
                        case DropReason r when r == DropReason.NoSocket:
                            return 1;
                    }

                    return 0;
                }

                static int O(object value) => value switch
                {
                    DropReason.NoSocket => 1,
                    _ => 0,
                };
            }
            """);
    }

    [Fact]
    public async Task Empty_property_pattern_is_a_default_arm_and_guarded_var_is_not()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            static class C
            {
                static int M((DropReason Reason, int N) pair)
                {
                    switch (pair.Reason)
                    {
                        case DropReason.NoSocket:
                            return 1;
                        case var r when r.ToString().Length > 3:
                            return 2;
                        case {|ND1002:{ } any|}:
                            return 3;
                    }
                }
            }
            """);
    }
}
