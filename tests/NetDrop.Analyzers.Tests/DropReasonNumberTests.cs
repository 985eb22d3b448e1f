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
            sealed class Record { public uint Reason { get; set; } }
            static class C
            {
                const int NetfilterDrop = 12;

                static bool A(DropReason reason) => {|ND1011:(int)reason|} == 6;
                static bool B(Record record) => {|#0:record.Reason|} == NetfilterDrop;
                static bool D(ushort dropReason) => {|ND1011:dropReason|} != 2;
                static bool E(int reasonCode) => {|ND1011:reasonCode|} is 5;
                static bool F(uint reason) => {|ND1011:reason|} == (uint)DropReason.NoSocket;

                static string G(int kernelReason)
                {
                    switch ({|ND1011:kernelReason|})
                    {
                        case 2: return "small";
                        case 3: return "csum";
                        default: return "?";
                    }
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("ND1011").WithLocation(0)
                .WithMessage("'record.Reason' is compared with the number 12, but the kernel's reason numbers change between kernel versions; map the reason by name with DropReasonCatalog.TryParseKernelName and compare DropReason values"));
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
