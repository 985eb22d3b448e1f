// ND1010 (a number made into a reason) and ND1011 (a kernel reason number compared with a number).
using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop;
using NetDrop.Bpf;
using NetDrop.Tracing;

namespace Corpus.Numbers;

static class FromTracepoint
{
    // case: the tracepoint's number tested against two numbers with an or-pattern
    public static bool Interesting(in KfreeSkbRecord record) => {|ND1011:record.ReasonNumber|} is 2 or 77;

    // case: the tracepoint's number compared for equality
    public static bool NoSocket(in KfreeSkbRecord record) => {|ND1011:record.ReasonNumber|} == 2;

    // case: the number copied into a local, then compared
    public static int Bucket(in KfreeSkbRecord record)
    {
        uint? number = record.ReasonNumber;
        if ({|ND1011:number|} == 6)
        {
            return 1;
        }

        return 0;
    }

    // case: the BPF record's number switched over
    public static string Short(in BpfDropRecord record)
    {
        switch ({|ND1011:record.ReasonNumber|})
        {
            case 2: return "nosock";
            case 3: return "small";
            default: return "?";
        }
    }

    // case: the BPF record's number in a switch expression
    public static int Weight(in BpfDropRecord record) => {|ND1011:record.ReasonNumber|} switch
    {
        2 => 10,
        _ => 1,
    };

    // case: a not-pattern over the number
    public static bool Specified(in BpfDropRecord record) => {|ND1011:record.ReasonNumber|} is not 0;

    // case: the number only checked for presence
    public static bool HasReason(in KfreeSkbRecord record) => record.ReasonNumber is not null;

    // case: the number used as an index bound against a table length
    public static bool InTable(in BpfDropRecord record, string[] names) => record.ReasonNumber < (uint)names.Length;

    // case: the number compared with another record's number
    public static bool Same(in BpfDropRecord a, in BpfDropRecord b) => a.ReasonNumber == b.ReasonNumber;
}

static class NotKernelReasons
{
    // case: an 802.11 deauthentication reason code is not a kernel drop reason
    public static bool Deauth(Frame80211 frame) => frame.ReasonCode == 3;

    // case: an 802.11 reason code in a switch
    public static string Text(Frame80211 frame) => frame.ReasonCode switch
    {
        1 => "unspecified",
        4 => "inactivity",
        _ => "other",
    };

    // case: an integer parameter named reasonCode from an HTTP API
    public static bool Retryable(int reasonCode) => reasonCode is 429 or 503;

    // case: a field named dropReason holding an application code
    private static int dropReason = 0;

    public static bool Quota() => dropReason == 7;

    // case: a property named KernelReason that the application fills itself
    public static bool Local(DropEntry entry) => entry.KernelReason == 0;

    // case: a count of reasons
    public static bool Few(IReadOnlyCollection<DropReason> reasons) => reasons.Count == 3;
}

static class Catalogue
{
    // case: the catalogue enum cast to int and compared with a number
    public static bool IsSix(DropReason reason) => {|ND1011:(int)reason|} == 6;

    // case: the catalogue enum cast to int on both sides
    public static bool IsNoSocket(DropReason reason) => (int)reason == (int)DropReason.NoSocket;

    // case: mapping by kernel name
    public static bool Parse(string name, out DropReason reason) => DropReasonCatalog.TryParseKernelName(name.AsSpan(), out reason);

    // case: comparing enum values
    public static bool Firewall(DropReason reason) => reason is DropReason.NetfilterDrop or DropReason.SocketFilter;
}

static class Conversions
{
    // case: a cast from the tracepoint's number
    public static DropReason Direct(uint number) => {|ND1010:(DropReason)number|};

    // case: Enum.ToObject with the catalogue type
    public static DropReason Boxed(int number) => {|ND1010:(DropReason)Enum.ToObject(typeof(DropReason), number)|};

    // case: Enum.ToObject over a long
    public static object Untyped(long number) => {|ND1010:Enum.ToObject(typeof(DropReason), number)|};

    // case: Enum.ToObject for an unrelated enum
    public static DayOfWeek Day(int number) => (DayOfWeek)Enum.ToObject(typeof(DayOfWeek), number);

    // case: LINQ cast of numbers to reasons
    public static IEnumerable<DropReason> Many(IEnumerable<int> numbers) => numbers.Select(n => {|ND1010:(DropReason)n|});

    // case: enumerating the catalogue
    public static DropReason[] All() => Enum.GetValues<DropReason>();

    // case: the reason cast to a number for a metric label
    public static int Metric(DropReason reason) => (int)reason;

    // case: an unrelated enum cast from a number
    public static DayOfWeek Weekday(int n) => (DayOfWeek)n;

    // case: a generic helper that casts through object
    public static T As<T>(int n) where T : struct, Enum => (T)(object)n;
}
