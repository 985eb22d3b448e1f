using System;
using System.Collections.Generic;
using System.Text;

namespace NetDrop.SpecSync.Headers;

/// <summary>
/// The kernel-doc items of comments: <c>@NAME: text</c>, which the kernel writes either one per
/// enumerator (<c>/** @SKB_DROP_REASON_NO_SOCKET: … */</c>) or all in the comment above an enum
/// (net_dm_alert_mode). Continuation lines belong to the item until the next @ item or a blank line.
/// </summary>
internal static class KernelDoc
{
    public static void Collect(string comment, Dictionary<string, string> items)
    {
        if (!comment.StartsWith("/**", StringComparison.Ordinal))
        {
            return;
        }

        string body = comment.Substring(3, Math.Max(0, comment.Length - 5));
        string? name = null;
        var text = new StringBuilder();
        foreach (string raw in body.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith('*'))
            {
                line = line.Substring(1).Trim();
            }

            int colon = line.IndexOf(':');
            if (line.StartsWith('@') && colon > 1)
            {
                Flush(name, text, items);
                name = line.Substring(1, colon - 1).Trim();
                text.Clear().Append(line.Substring(colon + 1).Trim());
            }
            else if (line.Length == 0)
            {
                Flush(name, text, items);
                name = null;
            }
            else if (name is not null)
            {
                text.Append('\n').Append(line);
            }
        }

        Flush(name, text, items);
    }

    private static void Flush(string? name, StringBuilder text, Dictionary<string, string> items)
    {
        if (name is not null && text.Length > 0)
        {
            items[name] = text.ToString().Trim();
        }

        text.Clear();
    }

    /// <summary>The text of a plain comment (<c>/* u32 */</c> → <c>u32</c>).</summary>
    public static string Plain(string comment) =>
        comment.StartsWith("//", StringComparison.Ordinal)
            ? comment.Substring(2).Trim()
            : comment.Substring(2, Math.Max(0, comment.Length - 4)).Trim().TrimStart('*').Trim();
}
