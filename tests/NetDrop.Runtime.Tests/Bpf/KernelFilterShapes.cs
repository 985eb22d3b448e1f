using System;
using System.Collections.Generic;
using NetDrop.Bpf.Filter;

namespace NetDrop.Tests.Bpf;

/// <summary>Kernel filters of every shape the program compiles: each field and comparison, addresses of both versions and every prefix length class, and/or/not nested to the bounds.</summary>
internal static class KernelFilterShapes
{
    public static IEnumerable<(string Name, KernelFilter Filter)> All()
    {
        foreach (KernelFilterField field in Enum.GetValues<KernelFilterField>())
        {
            foreach (KernelComparison comparison in Enum.GetValues<KernelComparison>())
            {
                uint[] values = comparison == KernelComparison.In ? [1, 17, 0x86dd, uint.MaxValue] : [17];
                yield return ($"{field} {comparison}", new KernelFilter(new KernelNumberTest(field, comparison, values)));
            }
        }

        foreach (bool destination in new[] { false, true })
        {
            foreach (bool negated in new[] { false, true })
            {
                KernelPrefix[] prefixes =
                [
                    new(4, 0x0a000000, 8), new(4, 0x7f000001, 32), new(4, 0, 0),
                    new(6, UInt128.Parse("42540766411282592856903984951653826560"), 32), new(6, UInt128.MaxValue, 128), new(6, 0, 0), new(6, UInt128.One << 100, 27),
                ];
                yield return ($"address {destination} {negated}", new KernelFilter(new KernelAddressTest(destination, negated, prefixes)));
            }
        }

        KernelFilterNode reason = new KernelNumberTest(KernelFilterField.Reason, KernelComparison.Equal, [2]);
        KernelFilterNode port = new KernelNumberTest(KernelFilterField.DestinationPort, KernelComparison.In, [53, 853]);
        KernelFilterNode inode = new KernelNumberTest(KernelFilterField.NamespaceInode, KernelComparison.Equal, [4026531840]);
        KernelFilterNode src = new KernelAddressTest(false, false, [new(4, 0x0a000000, 8)]);
        yield return ("and", new KernelFilter(new KernelAnd([reason, port, inode, src])));
        yield return ("or of and", new KernelFilter(new KernelOr([new KernelAnd([reason, port]), new KernelNot(new KernelAnd([inode, src]))])));

        KernelFilterNode deep = port;
        for (int i = 1; i < KernelFilter.MaxDepth; i++)
        {
            deep = i % 2 == 0 ? new KernelNot(deep) : new KernelOr([deep, reason]);
        }

        yield return ("deepest", new KernelFilter(deep));

        var wide = new List<KernelFilterNode>();
        for (int i = 0; i < KernelFilter.MaxTests; i++)
        {
            wide.Add(i % 3 == 0 ? new KernelAddressTest(i % 2 == 0, false, [new(6, (UInt128)i << 64, 64)]) : new KernelNumberTest((KernelFilterField)(i % 8), KernelComparison.NotEqual, [(uint)i]));
        }

        yield return ("most tests", new KernelFilter(new KernelOr(wide.ToArray())));

        uint[] many = new uint[KernelFilter.MaxValues];
        for (int i = 0; i < many.Length; i++)
        {
            many[i] = (uint)i * 7;
        }

        yield return ("most values", new KernelFilter(new KernelNumberTest(KernelFilterField.Mark, KernelComparison.In, many)));
    }
}
