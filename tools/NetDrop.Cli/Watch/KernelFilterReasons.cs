using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using NetDrop.Cli.Watch.Filter;

namespace NetDrop.Cli.Watch;

/// <summary>
/// --kernel-filter in the words of --filter: the kernel's filter compares the tracepoint's reason as a
/// number ('reason == 2'), so each 'reason == NAME' (or !=) is turned into this kernel's number for NAME,
/// read from the kfree_skb format's table (numbers move between kernel versions). Everything else is
/// passed to the kernel as written.
/// </summary>
internal static partial class KernelFilterReasons
{
    /// <summary>The expression with reason names replaced by numbers, or why it cannot be.</summary>
    public static (string? Translated, string? Error) Translate(string expression, IReadOnlyList<(uint Number, string Name)> table)
    {
        string? error = null;
        string translated = ReasonComparison().Replace(expression, match =>
        {
            string written = match.Groups["name"].Value;
            if (error is not null)
            {
                return match.Value;
            }

            if (table.Count == 0)
            {
                error = $"reason {written}: this kernel's reason table (tracefs events/skb/kfree_skb/format) cannot be read, so write the reason's number";
                return match.Value;
            }

            string bare = written.StartsWith("SKB_DROP_REASON_", StringComparison.OrdinalIgnoreCase) ? written["SKB_DROP_REASON_".Length..] : written;
            foreach ((uint number, string name) in table)
            {
                if (string.Equals(name, bare, StringComparison.OrdinalIgnoreCase))
                {
                    return match.Groups["head"].Value + number.ToString(CultureInfo.InvariantCulture);
                }
            }

            IReadOnlyList<string> near = NearMatches.Find(bare, table.Select(e => e.Name));
            error = $"this kernel has no drop reason '{written}'" + (near.Count > 0 ? $"; did you mean {string.Join(" or ", near)}?" : "; the kernel names them in tracefs, events/skb/kfree_skb/format");
            return match.Value;
        });
        return error is null ? (translated, null) : (null, error);
    }

    // 'reason', an equality operator, then a name (a number or a quoted string is left to the kernel).
    [GeneratedRegex(@"(?<head>\breason\s*(==|!=)\s*)(?<name>[A-Za-z_][A-Za-z0-9_]*)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ReasonComparison();
}
