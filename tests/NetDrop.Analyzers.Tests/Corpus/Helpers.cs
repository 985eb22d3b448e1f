// Code split into helpers and predicates, generics, LINQ and async: the checks follow one level of calls.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using NetDrop;
using NetDrop.NetDm;
using NetDrop.Packet;

namespace Corpus.Helpers;

static unsafe class Predicates
{
    static bool IsAux(cmsghdr* c) => c->cmsg_level == Libc.SOL_PACKET && c->cmsg_type == Libc.PACKET_AUXDATA;

    static bool IsOverflow(cmsghdr* c) => c->cmsg_level == Libc.SOL_SOCKET && c->cmsg_type == Libc.SO_RXQ_OVFL;

    // case: a predicate names the message; the caller reads it as the wrong struct
    public static uint Status(cmsghdr* c, ReadOnlySpan<byte> data)
    {
        if (IsAux(c))
        {
            return {|ND1005:MemoryMarshal.Read<tpacket_stats>(data)|}.tp_packets;
        }

        return 0;
    }

    // case: a predicate names the message; the caller reads it right
    public static uint StatusRight(cmsghdr* c, ReadOnlySpan<byte> data)
    {
        if (IsAux(c))
        {
            return MemoryMarshal.Read<tpacket_auxdata>(data).tp_status;
        }

        return 0;
    }

    // case: an overflow predicate and a length check with the wrong size
    public static bool Whole(cmsghdr* c) => IsOverflow(c) && (int)c->cmsg_len == Libc.CMSG_LEN({|ND1004:sizeof(ulong)|});

    // case: an overflow predicate and the right size
    public static bool WholeRight(cmsghdr* c) => IsOverflow(c) && (int)c->cmsg_len == Libc.CMSG_LEN(sizeof(uint));

    // case: a loop over messages in a span, each tested in place
    public static int Count(ReadOnlySpan<cmsghdr> headers)
    {
        int count = 0;
        foreach (cmsghdr header in headers)
        {
            if (header.cmsg_level == Libc.SOL_PACKET && header.cmsg_type == Libc.PACKET_AUXDATA)
            {
                count++;
            }
        }

        return count;
    }
}

static class Generic
{
    // case: a generic repository of reason counts keyed by the enum
    public static Dictionary<TKey, int> Tally<TKey>(IEnumerable<TKey> keys) where TKey : notnull =>
        keys.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());

    // case: a generic helper given the catalogue enum, no numbers involved
    public static int Firewall(IEnumerable<DropReason> reasons) => Tally(reasons).GetValueOrDefault(DropReason.NetfilterDrop);

    // case: LINQ Where over kernel names mapped to reasons
    public static IEnumerable<DropReason> Known(IEnumerable<string> names) =>
        names.Select(n => DropReasonCatalog.TryParseKernelName(n.AsSpan(), out DropReason r) ? r : DropReason.NotSpecified)
             .Where(r => r != DropReason.NotSpecified);

    // case: LINQ Cast<DropReason> over boxed numbers (not a C# cast the analyzer can see as numeric)
    public static List<DropReason> Parsed(IEnumerable<DropReason> reasons) => reasons.OrderBy(r => r).ToList();
}

sealed class Watcher
{
    private readonly NetDmClient _client;
    private bool _running;

    public Watcher(NetDmClient client) => _client = client;

    // case: a field-held client configured then started
    public void Begin()
    {
        _client.Configure(truncationLength: 128);
        _client.Start(NetDmDropKinds.Both);
        _running = true;
    }

    // case: a field-held client started then configured
    public void Reconfigure()
    {
        _client.Start(NetDmDropKinds.Both);
        {|ND1012:_client.Configure(queueLength: 2000)|};
    }

    // case: configure only when not running, a flag the analyzer cannot see; nothing started in this method
    public void Tune(uint length)
    {
        if (!_running)
        {
            _client.Configure(truncationLength: length);
        }
    }

    // case: async stop, configure, start
    public async Task RestartAsync(CancellationToken token)
    {
        _client.Stop();
        await Task.Delay(10, token);
        _client.Configure(alertMode: NetDmAlertMode.Packet);
        _client.Start(NetDmDropKinds.Software);
    }

    // case: start in a try, configure in the catch (the start may have failed, or not)
    public void Guarded()
    {
        try
        {
            _client.Start(NetDmDropKinds.Both);
        }
        catch (InvalidOperationException)
        {
            _client.Configure(queueLength: 10);
        }
    }
}

static class ExpressionBodied
{
    // case: expression-bodied start then config via a sequence of calls in a lambda body
    public static Action Later(NetDmClient client) => () =>
    {
        client.Start();
        client.Stop();
    };

    // case: a property getter switching over reasons with a discard
    public static string Kind { get; } = DropReason.NoSocket switch
    {
        DropReason.NoSocket => "socket",
        _ => "other",
    };
}

static class Unrelated
{
    enum Phase { Start, Configure }

    // case: a switch expression over an unrelated enum with no discard
    static int Order(Phase phase) => phase switch
    {
        Phase.Start => 1,
        Phase.Configure => 2,
    };

    // case: a type-named switch over something that is not a control message
    public static string Describe(int messageType) => messageType switch
    {
        8 => "eight",
        40 => "forty",
        _ => "?",
    };

    // case: an equality over two integers named level and type that are not a control message
    public static bool Tile(int level, int type) => level == 3 && type == 99 || Order(Phase.Start) == 1;
}
