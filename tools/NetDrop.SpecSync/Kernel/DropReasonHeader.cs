using System;
using System.Collections.Generic;
using NetDrop.SpecSync.Headers;

namespace NetDrop.SpecSync.Kernel;

/// <summary>
/// Reads enum skb_drop_reason from whichever header a kernel keeps it in: include/net/dropreason-core.h
/// (6.4 and later), include/net/dropreason.h (6.0 to 6.3), or include/linux/skbuff.h (5.17 to 5.19).
/// </summary>
/// <remarks>
/// Where the header also has the DEFINE_DROP_REASON(FN, FNe) list (6.0 and later), the preprocessor
/// expands it and the names must match the enum's: that list is what the kernel's name table (and so
/// the tracepoint and NET_DM) is built from, and a header where the two differ is one NetDrop does not
/// understand.
/// </remarks>
internal static class DropReasonHeader
{
    private const string Prefix = "SKB_DROP_REASON_";

    // FN and FNe expand to the bare names; FNe marks the last (MAX).
    private const string Trailer = "#ifdef DEFINE_DROP_REASON\n#define NETDROP_REASON(name) name\nDEFINE_DROP_REASON(NETDROP_REASON, NETDROP_REASON)\n#endif\n";

    /// <summary>The header of <paramref name="root"/> that holds the enum, or null.</summary>
    public static string? Find(string root)
    {
        foreach (string relative in new[] { "include/net/dropreason-core.h", "include/net/dropreason.h", "net/dropreason-core.h", "net/dropreason.h" })
        {
            string path = System.IO.Path.Combine(root, relative);
            if (System.IO.File.Exists(path))
            {
                return path;
            }
        }

        foreach (string relative in new[] { "include/linux/skbuff.h", "linux/skbuff.h" })
        {
            string path = System.IO.Path.Combine(root, relative);
            if (System.IO.File.Exists(path) && SpecSyncHost.ReadText(path).Contains("enum skb_drop_reason {", StringComparison.Ordinal))
            {
                return path;
            }
        }

        return null;
    }

    public static IReadOnlyList<KernelDropReason> Read(string path)
    {
        CHeader header = CHeader.Read(path, Trailer);
        CEnum? reasons = null;
        foreach (CEnum candidate in header.Enums)
        {
            if (candidate.Name == "skb_drop_reason")
            {
                reasons = candidate;
            }
        }

        if (reasons is null)
        {
            throw new HeaderFormatException(path, 0, "has no enum skb_drop_reason; give the kernel's include/net/dropreason-core.h, include/net/dropreason.h or include/linux/skbuff.h");
        }

        var list = new List<KernelDropReason>();
        foreach (CEnumerator enumerator in reasons.Enumerators)
        {
            // SKB_NOT_DROPPED_YET and SKB_CONSUMED are not drops; MAX is a bound and SUBSYS_MASK a
            // mask; values from 0x10000 up would be another subsystem's.
            if (!enumerator.Name.StartsWith(Prefix, StringComparison.Ordinal) || enumerator.Name is "SKB_DROP_REASON_MAX" or "SKB_DROP_REASON_SUBSYS_MASK" || enumerator.Value >= 0x10000)
            {
                continue;
            }

            list.Add(new KernelDropReason(enumerator.Name.Substring(Prefix.Length), enumerator.Value, enumerator.Doc));
        }

        if (list.Count == 0)
        {
            throw new HeaderFormatException(path, reasons.Line, "enum skb_drop_reason has no SKB_DROP_REASON_* enumerators");
        }

        CheckNameList(header, reasons, list);
        return list;
    }

    private static void CheckNameList(CHeader header, CEnum reasons, List<KernelDropReason> list)
    {
        var names = new List<string>();
        foreach (string name in header.TrailerIdentifiers)
        {
            if (name != "MAX")
            {
                names.Add(name);
            }
        }

        if (names.Count == 0)
        {
            return;
        }

        for (int i = 0; i < Math.Max(names.Count, list.Count); i++)
        {
            string? listed = i < names.Count ? names[i] : null;
            string? declared = i < list.Count ? list[i].Name : null;
            if (listed != declared)
            {
                throw new HeaderFormatException(header.Path, reasons.Line,
                    $"DEFINE_DROP_REASON and enum skb_drop_reason disagree at position {i + 1}: FN({listed ?? "nothing"}) but SKB_DROP_REASON_{declared ?? "nothing"}");
            }
        }
    }
}
