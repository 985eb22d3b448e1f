using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>The names closest to a misspelt one: few edits apart (ignoring case), or containing it.</summary>
internal static class NearMatches
{
    public static IReadOnlyList<string> Find(string wanted, IEnumerable<string> names, int limit = 5)
    {
        int allowed = Math.Max(1, wanted.Length / 3);
        return names
            .Select(name => (Name: name, Distance: Distance(wanted, name)))
            .Where(c => c.Distance <= allowed || (wanted.Length >= 3 && c.Name.Contains(wanted, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .Distinct(StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }

    /// <summary>Levenshtein distance, case ignored.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitute);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
