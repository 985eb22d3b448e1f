using System;
using System.Globalization;

namespace NetDrop.Bpf.Filter;

/// <summary>
/// A filter the BPF program evaluates before it reserves a record, so drops that do not match cost
/// neither ring space nor the reader's time. Bounded in size (<see cref="MaxTests"/>, <see cref="MaxValues"/>,
/// <see cref="MaxDepth"/>) so the program stays far inside the verifier's limits and every jump in reach.
/// </summary>
public sealed class KernelFilter
{
    public const int MaxTests = 64;

    /// <summary>Values over every test (a set counts each member; a prefix counts one).</summary>
    public const int MaxValues = 1_024;

    public const int MaxDepth = 16;

    /// <exception cref="ArgumentException">The tree is larger than the bounds, or a test is empty or out of range.</exception>
    public KernelFilter(KernelFilterNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = root;
        int tests = 0;
        int values = 0;
        Check(root, 1, ref tests, ref values);
        NeedsPacket = UsesPacket(root);
        KernelFilterNode[] conjuncts = root is KernelAnd and ? and.Operands : [root];
        BeforePacket = Array.FindAll(conjuncts, c => !UsesPacket(c));
        AfterPacket = Array.FindAll(conjuncts, UsesPacket);
    }

    public KernelFilterNode Root { get; }

    /// <summary>Whether a test reads the packet's headers (ethertype, protocol, ports, addresses).</summary>
    public bool NeedsPacket { get; }

    /// <summary>
    /// The top level's conjuncts that test no header, tested first: a drop one of them fails is kept out
    /// even when its headers are beyond the program.
    /// </summary>
    public KernelFilterNode[] BeforePacket { get; }

    /// <summary>The conjuncts that test the headers, tested once they are read (and not at all for an undecided drop).</summary>
    public KernelFilterNode[] AfterPacket { get; }

    public KernelFilterVerdict Evaluate(in KernelFilterInput input)
    {
        foreach (KernelFilterNode conjunct in BeforePacket)
        {
            if (!Matches(conjunct, input))
            {
                return KernelFilterVerdict.Rejected;
            }
        }

        if (NeedsPacket && input.Undecided)
        {
            return KernelFilterVerdict.Undecided;
        }

        foreach (KernelFilterNode conjunct in AfterPacket)
        {
            if (!Matches(conjunct, input))
            {
                return KernelFilterVerdict.Rejected;
            }
        }

        return KernelFilterVerdict.Passed;
    }

    internal static bool IsPacketField(KernelFilterField field) =>
        field is KernelFilterField.EtherType or KernelFilterField.IpProtocol or KernelFilterField.SourcePort or KernelFilterField.DestinationPort;

    private static bool Matches(KernelFilterNode node, in KernelFilterInput input)
    {
        switch (node)
        {
            case KernelAnd and:
                foreach (KernelFilterNode operand in and.Operands)
                {
                    if (!Matches(operand, input))
                    {
                        return false;
                    }
                }

                return true;
            case KernelOr or:
                foreach (KernelFilterNode operand in or.Operands)
                {
                    if (Matches(operand, input))
                    {
                        return true;
                    }
                }

                return false;
            case KernelNot not:
                return !Matches(not.Operand, input);
            case KernelNumberTest test:
                return Matches(test, input);
            case KernelAddressTest test:
                if (input.AddressVersion == 0)
                {
                    return false;
                }

                UInt128 address = test.Destination ? input.Destination : input.Source;
                foreach (KernelPrefix prefix in test.Prefixes)
                {
                    if (prefix.Contains(input.AddressVersion, address))
                    {
                        return !test.Negated;
                    }
                }

                return test.Negated;
            default:
                throw new InvalidOperationException("unknown kernel filter node " + node.GetType().Name);
        }
    }

    private static bool Matches(KernelNumberTest test, in KernelFilterInput input)
    {
        (bool has, uint actual) = test.Field switch
        {
            KernelFilterField.Reason => (true, input.Reason),
            KernelFilterField.InterfaceIndex => (input.InterfaceIndex != 0, input.InterfaceIndex),
            KernelFilterField.NamespaceInode => (input.NamespaceInode != 0, input.NamespaceInode),
            KernelFilterField.Mark => (true, input.Mark),
            KernelFilterField.EtherType => (true, input.EtherType),
            KernelFilterField.IpProtocol => (input.HasIpProtocol, input.IpProtocol),
            KernelFilterField.SourcePort => (input.HasPorts, input.SourcePort),
            KernelFilterField.DestinationPort => (input.HasPorts, input.DestinationPort),
            _ => (false, 0u),
        };
        if (!has)
        {
            return false;
        }

        uint value = test.Values[0];
        return test.Comparison switch
        {
            KernelComparison.Equal => actual == value,
            KernelComparison.NotEqual => actual != value,
            KernelComparison.Less => actual < value,
            KernelComparison.LessOrEqual => actual <= value,
            KernelComparison.Greater => actual > value,
            KernelComparison.GreaterOrEqual => actual >= value,
            _ => Array.IndexOf(test.Values, actual) >= 0,
        };
    }

    private static bool UsesPacket(KernelFilterNode node) => node switch
    {
        KernelAnd and => Array.Exists(and.Operands, UsesPacket),
        KernelOr or => Array.Exists(or.Operands, UsesPacket),
        KernelNot not => UsesPacket(not.Operand),
        KernelNumberTest test => IsPacketField(test.Field),
        _ => true,
    };

    private static void Check(KernelFilterNode node, int depth, ref int tests, ref int values)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException(Invariant($"the kernel filter nests deeper than {MaxDepth}."), nameof(node));
        }

        switch (node)
        {
            case KernelAnd { Operands.Length: > 0 } and:
                foreach (KernelFilterNode operand in and.Operands)
                {
                    Check(operand, depth + 1, ref tests, ref values);
                }

                break;
            case KernelOr { Operands.Length: > 0 } or:
                foreach (KernelFilterNode operand in or.Operands)
                {
                    Check(operand, depth + 1, ref tests, ref values);
                }

                break;
            case KernelNot not:
                Check(not.Operand, depth + 1, ref tests, ref values);
                break;
            case KernelNumberTest test when test.Values.Length > 0 && (test.Comparison == KernelComparison.In || test.Values.Length == 1):
                tests++;
                values += test.Values.Length;
                break;
            case KernelAddressTest test when test.Prefixes.Length > 0 && Array.TrueForAll(test.Prefixes, p => p.Version is 4 or 6 && p.Length >= 0 && p.Length <= p.Width):
                tests++;
                values += test.Prefixes.Length;
                break;
            default:
                throw new ArgumentException($"the kernel filter has an empty or malformed part: {node}.", nameof(node));
        }

        if (tests > MaxTests || values > MaxValues)
        {
            throw new ArgumentException(Invariant($"the kernel filter has more than {MaxTests} tests or {MaxValues} values."), nameof(node));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
