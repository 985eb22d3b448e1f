using System;
using System.Collections.Generic;
using NetDrop.Bpf.Filter;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>
/// Splits a filter into the part the BPF program can test before it records a drop and the part left
/// to user space, such that a drop matches the filter exactly when it passes both. The top level's
/// conjuncts (a &amp;&amp; b &amp;&amp; …) are taken one by one: each that is made wholly of tests on
/// reason, ifindex, netns, mark, ethertype, proto, sport, dport, src and dst (joined by &amp;&amp;, ||
/// and !) goes to the kernel while the kernel filter stays within its bounds; the rest stay in user
/// space. An || with one side the kernel cannot test goes wholly to user space.
/// </summary>
internal static class KernelFilterSplitter
{
    /// <param name="expression">The compiled filter; null matches every drop.</param>
    /// <param name="reasons">This kernel's reason numbers and names (as the source maps them); empty leaves reason tests to user space.</param>
    public static (KernelFilter? Kernel, FilterExpression? User) Split(FilterExpression? expression, IReadOnlyList<(uint Number, string Name)> reasons)
    {
        if (expression is null)
        {
            return (null, null);
        }

        FilterExpression[] conjuncts = expression is AndExpression and ? and.Operands : [expression];
        var kernel = new List<KernelFilterNode>();
        var user = new List<FilterExpression>();
        KernelFilter? filter = null;
        foreach (FilterExpression conjunct in conjuncts)
        {
            if (Translate(conjunct, reasons) is { } node && TryBuild([.. kernel, node]) is { } wider)
            {
                kernel.Add(node);
                filter = wider;
            }
            else
            {
                user.Add(conjunct);
            }
        }

        FilterExpression? rest = user.Count switch
        {
            0 => null,
            1 => user[0],
            _ => new AndExpression(user.ToArray()),
        };
        return (filter, rest);
    }

    private static KernelFilter? TryBuild(List<KernelFilterNode> conjuncts)
    {
        try
        {
            return new KernelFilter(conjuncts.Count == 1 ? conjuncts[0] : new KernelAnd(conjuncts.ToArray()));
        }
        catch (ArgumentException)
        {
            // Past the kernel filter's bounds: this conjunct stays in user space.
            return null;
        }
    }

    /// <summary>The same test as a kernel filter node, or null when a part of it is beyond the kernel.</summary>
    private static KernelFilterNode? Translate(FilterExpression expression, IReadOnlyList<(uint Number, string Name)> reasons)
    {
        switch (expression)
        {
            case AndExpression and:
                return TranslateAll(and.Operands, reasons) is { } all ? new KernelAnd(all) : null;
            case OrExpression or:
                return TranslateAll(or.Operands, reasons) is { } any ? new KernelOr(any) : null;
            case NotExpression not:
                return Translate(not.Operand, reasons) is { } operand ? new KernelNot(operand) : null;
            case NumberTest test when Field(test.Field) is { } field:
                return new KernelNumberTest(field, Comparison(test.Comparison), Array.ConvertAll(test.Values, v => (uint)v));
            case AddressTest test:
                return new KernelAddressTest(test.Field == FilterField.Dst, test.Negated,
                    Array.ConvertAll(test.Prefixes, p => new KernelPrefix(p.Version, p.Bits, p.Length)));
            case TextTest { Field: FilterField.Reason } test when reasons.Count > 0:
                return Reasons(test, reasons);
            default:
                return null;
        }
    }

    private static KernelFilterNode[]? TranslateAll(FilterExpression[] operands, IReadOnlyList<(uint Number, string Name)> reasons)
    {
        var nodes = new KernelFilterNode[operands.Length];
        for (int i = 0; i < operands.Length; i++)
        {
            if (Translate(operands[i], reasons) is not { } node)
            {
                return null;
            }

            nodes[i] = node;
        }

        return nodes;
    }

    /// <summary>
    /// A reason test as the set of raw numbers whose name (as the source maps it) passes it. Only
    /// named core reasons have a name: != and every other comparison are false for the rest, as in
    /// user space.
    /// </summary>
    private static KernelFilterNode Reasons(TextTest test, IReadOnlyList<(uint Number, string Name)> reasons)
    {
        var numbers = new List<uint>();
        foreach ((uint number, string name) in reasons)
        {
            if (name.Length == 0)
            {
                continue;
            }

            bool passes = test.Comparison switch
            {
                FilterTokenKind.Equal => name.Equals(test.Values[0], StringComparison.OrdinalIgnoreCase),
                FilterTokenKind.NotEqual => !name.Equals(test.Values[0], StringComparison.OrdinalIgnoreCase),
                FilterTokenKind.Contains => name.Contains(test.Values[0], StringComparison.OrdinalIgnoreCase),
                _ => Array.Exists(test.Values, v => name.Equals(v, StringComparison.OrdinalIgnoreCase)),
            };
            if (passes)
            {
                numbers.Add(number);
            }
        }

        // No number passes: a test that is never true (every number is at least 0).
        return numbers.Count == 0
            ? new KernelNot(new KernelNumberTest(KernelFilterField.Reason, KernelComparison.GreaterOrEqual, [0]))
            : new KernelNumberTest(KernelFilterField.Reason, KernelComparison.In, numbers.ToArray());
    }

    private static KernelFilterField? Field(FilterField field) => field switch
    {
        FilterField.IfIndex => KernelFilterField.InterfaceIndex,
        FilterField.Netns => KernelFilterField.NamespaceInode,
        FilterField.Mark => KernelFilterField.Mark,
        FilterField.EtherType => KernelFilterField.EtherType,
        FilterField.Proto => KernelFilterField.IpProtocol,
        FilterField.SrcPort => KernelFilterField.SourcePort,
        FilterField.DstPort => KernelFilterField.DestinationPort,
        _ => null,
    };

    private static KernelComparison Comparison(FilterTokenKind kind) => kind switch
    {
        FilterTokenKind.Equal => KernelComparison.Equal,
        FilterTokenKind.NotEqual => KernelComparison.NotEqual,
        FilterTokenKind.Less => KernelComparison.Less,
        FilterTokenKind.LessOrEqual => KernelComparison.LessOrEqual,
        FilterTokenKind.Greater => KernelComparison.Greater,
        FilterTokenKind.GreaterOrEqual => KernelComparison.GreaterOrEqual,
        _ => KernelComparison.In,
    };
}
