using System.Threading.Tasks;
using NetDrop.Analyzers.Tests.Verifiers;

namespace NetDrop.Analyzers.Tests;

/// <summary>ND1003: an if/else chain over a reason that throws for the rest but misses reasons.</summary>
public sealed class DropReasonChainTests
{
    [Fact]
    public async Task Chain_ending_in_throw_that_misses_reasons_fires()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using System;
            using NetDrop;
            static class C
            {
                static int M(DropReason reason)
                {
                    {|#0:if (reason == DropReason.NoSocket)|}
                    {
                        return 1;
                    }
                    else if (DropReason.TcpCsum == reason || reason is DropReason.UdpCsum or DropReason.IpCsum)
                    {
                        return 2;
                    }
                    else
                    {
                        throw new ArgumentOutOfRangeException(nameof(reason));
                    }
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1003").WithLocation(0)
                .WithMessage("This if/else chain over DropReason throws for every reason it does not test, and does not test 125 reason(s): NotSpecified, PktTooSmall, SocketFilter, NetfilterDrop, Otherhost, IpInhdr, IpRpfilter, UnicastInL2Multicast and 117 more; handle them before the final else"));
    }

    [Fact]
    public async Task Chains_that_handle_some_reasons_on_purpose_are_silent()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using System;
            using NetDrop;
            static class C
            {
                static int NoElse(DropReason reason)
                {
                    if (reason == DropReason.NoSocket) return 1;
                    else if (reason == DropReason.TcpCsum) return 2;
                    return 0;
                }

                static int ElseDoesWork(DropReason reason)
                {
                    if (reason == DropReason.NoSocket) return 1;
                    else if (reason == DropReason.TcpCsum) return 2;
                    else return 0;
                }

                static int OneTest(DropReason reason)
                {
                    if (reason == DropReason.NoSocket) return 1;
                    else throw new InvalidOperationException();
                }

                static int TwoVariables(DropReason a, DropReason b)
                {
                    if (a == DropReason.NoSocket) return 1;
                    else if (b == DropReason.TcpCsum) return 2;
                    else throw new InvalidOperationException();
                }

                static int OtherCondition(DropReason reason, bool flag)
                {
                    if (reason == DropReason.NoSocket) return 1;
                    else if (flag) return 2;
                    else throw new InvalidOperationException();
                }
            }
            """);
    }

    [Fact]
    public async Task Chain_that_tests_every_reason_is_silent()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using System;
            using NetDrop;
            static class C
            {
                static int M(DropReason reason)
                {
                    if (reason == DropReason.NotSpecified) return 0;
                    else if (reason is >= DropReason.NoSocket) return 1;
                    else throw new InvalidOperationException();
                }
            }
            """);
    }
}
