// ND1001: switches over drop reasons that neither name every reason nor have a default arm.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NetDrop;

namespace Corpus.Switches;

static class Severity
{
    // case: a statement switch that sorts a few reasons and forgets the rest
    public static int Rank(DropReason reason)
    {
        {|ND1001:switch (reason)|}
        {
            case DropReason.NoSocket:
                return 1;
            case DropReason.TcpCsum:
            case DropReason.UdpCsum:
                return 2;
        }

        return 0;
    }

    // case: switch expression with a discard arm
    public static string Label(DropReason reason) => reason switch
    {
        DropReason.NoSocket => "no socket",
        DropReason.NetfilterDrop => "firewall",
        _ => reason.ToString(),
    };

    // case: switch statement with a default section
    public static bool Expected(DropReason reason)
    {
        switch (reason)
        {
            case DropReason.NotSpecified:
                return false;
            default:
                return true;
        }
    }

    // case: switch expression with or-patterns and no discard
    public static bool IsChecksum(DropReason reason) => {|ND1001:reason switch|}
    {
        DropReason.TcpCsum or DropReason.UdpCsum => true,
        DropReason.NoSocket or DropReason.Otherhost => false,
    };
}

static class Aliases
{
    const DropReason Firewall = DropReason.NetfilterDrop;
    const DropReason Checksum = DropReason.TcpCsum;

    // case: a team's own alias constants for reasons, no default
    public static string Team(DropReason reason)
    {
        string owner = "net";
        {|ND1001:switch (reason)|}
        {
            case Firewall:
                owner = "security";
                break;
            case Checksum:
                owner = "nic";
                break;
        }

        return owner;
    }

    // case: alias constants with a default
    public static string TeamOrNet(DropReason reason)
    {
        switch (reason)
        {
            case Firewall:
                return "security";
            default:
                return "net";
        }
    }
}

sealed class Counters
{
    private readonly Dictionary<DropReason, int> _counts = new();
    private int _firewall;
    private int _other;

    // case: a field-updating switch that lists only two reasons
    public void Add(DropReason reason)
    {
        {|ND1001:switch (reason)|}
        {
            case DropReason.NetfilterDrop:
                _firewall++;
                break;
            case DropReason.SocketFilter:
                _other++;
                break;
        }
    }

    // case: dictionary update, no switch at all
    public void Count(DropReason reason) => _counts[reason] = _counts.GetValueOrDefault(reason) + 1;

    // case: LINQ projection with a switch expression and a discard
    public IEnumerable<string> Names(IEnumerable<DropReason> reasons) =>
        reasons.Select(r => r switch { DropReason.NoSocket => "nosock", _ => "other" });

    // case: LINQ projection with a switch expression and no discard
    public IEnumerable<int> Weights(IEnumerable<DropReason> reasons) =>
        reasons.Select(r => {|ND1001:r switch|} { DropReason.NoSocket => 1, DropReason.PktTooSmall => 2 });

    // case: async method switching on an awaited reason
    public async Task<int> ClassifyAsync(Task<DropReason> next)
    {
        DropReason reason = await next;
        {|ND1001:switch (reason)|}
        {
            case DropReason.Otherhost:
                return 3;
        }

        return 0;
    }

    // case: async method with a discard
    public async Task<int> ClassifyOrZeroAsync(Task<DropReason> next) => await next switch
    {
        DropReason.Otherhost => 3,
        _ => 0,
    };
}

static class Patterns
{
    // case: not-pattern as a catch-all-but-one arm is not complete; the switch has no discard
    public static int Not(DropReason reason) => reason switch
    {
        DropReason.NoSocket => 0,
        not DropReason.NoSocket => 1,
    };

    // case: relational patterns cover every value
    public static int Range(DropReason reason) => reason switch
    {
        < DropReason.NetfilterDrop => 0,
        >= DropReason.NetfilterDrop => 1,
    };

    // case: a var pattern with no guard is a default
    public static int Var(DropReason reason) => reason switch
    {
        DropReason.NoSocket => 1,
        var other => (int)other,
    };

    // case: a guarded arm does not cover its reason
    public static int Guarded(DropReason reason, bool strict) => {|ND1001:reason switch|}
    {
        DropReason.NoSocket when strict => 1,
        DropReason.PktTooSmall => 2,
    };

    // case: nullable reason with a null arm and no discard
    public static int Nullable(DropReason? reason) => {|ND1001:reason switch|}
    {
        null => -1,
        DropReason.NoSocket => 1,
    };

    // case: nullable reason with a discard
    public static int NullableAll(DropReason? reason) => reason switch
    {
        null => -1,
        _ => 1,
    };

    // case: switch on the subsystem, which is not a reason
    public static int Subsystem(DropReason reason) => DropReasonCatalog.Subsystem(reason) switch
    {
        DropReasonSubsystem.Core => 0,
        _ => 1,
    };

    // case: tuple switch over a reason and a flag
    public static int Tuple(DropReason reason, bool ingress) => (reason, ingress) switch
    {
        (DropReason.NoSocket, true) => 1,
        _ => 0,
    };
}

partial class Handler
{
    // case: partial class, switch in one part
    partial void OnDrop(DropReason reason);

    public void Raise(DropReason reason) => OnDrop(reason);
}

partial class Handler
{
    public int Seen;

    partial void OnDrop(DropReason reason)
    {
        {|ND1001:switch (reason)|}
        {
            case DropReason.NoSocket:
                Seen++;
                break;
        }
    }
}

static class Locals
{
    // case: local function with a switch statement that has a default
    public static int Outer(DropReason reason)
    {
        return Inner(reason);

        static int Inner(DropReason r)
        {
            switch (r)
            {
                case DropReason.NoSocket: return 1;
                default: return 0;
            }
        }
    }

    // case: local function with a switch expression and no discard
    public static int OuterMissing(DropReason reason)
    {
        return Inner(reason);

        static int Inner(DropReason r) => {|ND1001:r switch|}
        {
            DropReason.NoSocket => 1,
        };
    }

    // case: generic helper that switches on an int, not a reason
    public static int Generic<T>(T value) where T : struct, Enum => Convert.ToInt32(value) switch
    {
        0 => 0,
        _ => 1,
    };
}
