using System.Threading.Tasks;
using NetDrop.Analyzers.Tests.Verifiers;

namespace NetDrop.Analyzers.Tests;

/// <summary>ND1010 (a number cast to a reason) and ND1011 (a kernel reason number compared with a constant).</summary>
public sealed class DropReasonNumberTests
{
    [Fact]
    public async Task Casting_numbers_to_the_catalogue_fires()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            static class C
            {
                static DropReason FromKernel(uint number) => {|#0:(DropReason)number|};
                static DropReason Literal() => {|ND1010:(DropReason)6|};
                static DropReason? Nullable(int? number) => {|ND1010:(DropReason?)number|};
                static DropReason Folded() => {|ND1010:(DropReason)(2 * 3)|};
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1010").WithLocation(0)
                .WithMessage("Casting a number to DropReason treats a number as a reason, but the kernel's reason numbers change between kernel versions and are not DropReason's; map the kernel's name with DropReasonCatalog.TryParseKernelName"));
    }

    [Fact]
    public async Task Comparing_reason_numbers_with_constants_fires()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop;
            using NetDrop.Bpf;
            using NetDrop.Metadata;
            sealed class Source { [KernelReasonNumber] public uint Number { get; set; } }
            static class C
            {
                const int NetfilterDrop = 12;

                static bool A(DropReason reason) => {|ND1011:(int)reason|} == 6;
                static bool B(in BpfDropRecord record) => {|#0:record.ReasonNumber|} == NetfilterDrop;
                static bool D(Source source) => {|ND1011:source.Number|} != 2;
                static bool E(in BpfDropRecord record) => {|ND1011:record.ReasonNumber|} is 5 or 77;
                static bool F(in BpfDropRecord record) => {|ND1011:record.ReasonNumber|} is not 0;
                static bool G(in BpfDropRecord record)
                {
                    uint copy = record.ReasonNumber;
                    return {|ND1011:copy|} == (uint)DropReason.NoSocket;
                }

                static string H(in BpfDropRecord record)
                {
                    switch ({|ND1011:record.ReasonNumber|})
                    {
                        case 2: return "small";
                        case 3: return "csum";
                        default: return "?";
                    }
                }

                static int I(Source source) => {|ND1011:source.Number|} switch { 2 or 3 => 1, _ => 0 };
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1011").WithLocation(0)
                .WithMessage("'record.ReasonNumber' is compared with the number 12, but the kernel's reason numbers change between kernel versions; map the reason by name with DropReasonCatalog.TryParseKernelName and compare DropReason values"));
    }

    [Fact]
    public async Task Integers_named_like_reasons_are_not_kernel_reasons()
    {
        // Names say nothing: 802.11 and HTTP have reason codes of their own.
        await AnalyzerVerifier.VerifyAsync("""
            using NetDrop.Bpf;
            sealed class Record { public uint Reason { get; set; } }
            static class C
            {
                static bool B(Record record) => record.Reason == 12;
                static bool D(ushort dropReason) => dropReason != 2;
                static bool E(int reasonCode) => reasonCode is 5;
                static bool F(in BpfDropRecord record, uint other)
                {
                    uint mixed = record.ReasonNumber;
                    mixed = other;
                    return mixed == 2;
                }
            }
            """);
    }

    [Fact]
    public async Task Mapping_by_name_bounds_and_unrelated_numbers_are_silent()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using System;
            using NetDrop;
            enum Other { A, B }
            static class C
            {
                static bool ByName(ReadOnlySpan<byte> name) => DropReasonCatalog.TryParseKernelName(name, out DropReason r) && r == DropReason.NoSocket;
                static bool Enums(DropReason reason) => reason == DropReason.NoSocket || reason != 0;
                static bool Bound(uint reason, string[] names) => reason < (uint)names.Length;
                static bool Consistent(DropReason reason) => (int)reason == (int)DropReason.NoSocket;
                static bool Count(int reasonCount) => reasonCount == 3;
                static Other Unrelated(int n) => (Other)n;
                static int ToNumber(DropReason reason) => (int)reason;
                static DropReason Same(DropReason reason) => (DropReason)reason;
                static T Generic<T>(int n) where T : struct, Enum => (T)(object)n;
            }
            """);
    }
}
