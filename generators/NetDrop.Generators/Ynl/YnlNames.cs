using System.Text;

namespace NetDrop.Ynl;

/// <summary>
/// How a YNL spec's names become C names and C# names. The C rules are the kernel's (tools/net/ynl:
/// nlspec.py and ynl_gen_c.py, whose generated uapi headers they must match); one file compiled into
/// both the generator and SpecSync, so the names the generator emits and the names SpecSync looks up
/// in a header cannot drift apart. Pure string functions; netstandard2.0.
/// </summary>
internal static class YnlNames
{
    /// <summary>The kernel's c_upper: net_dm-a- + alert-mode → NET_DM_A_ALERT_MODE.</summary>
    public static string CUpper(string name) => name.Replace('-', '_').ToUpperInvariant();

    /// <summary>An entry's C name: its prefix (already defaulted) and its spec name, c_upper'ed.</summary>
    public static string CName(string prefix, string name) => CUpper(prefix + name);

    /// <summary>The spec name of a C name after its prefix: NET_DM_ALERT_MODE_PACKET less NET_DM_ALERT_MODE_ → packet.</summary>
    public static string SpecName(string cName, string cPrefix) =>
        cName.Substring(cPrefix.Length).Replace('_', '-').ToLowerInvariant();

    /// <summary>An enum or flags definition's entry prefix: name-prefix, else <c>&lt;family&gt;-&lt;enum&gt;-</c>.</summary>
    public static string EnumPrefix(string family, string enumName, string? namePrefix) =>
        namePrefix ?? family + "-" + enumName + "-";

    /// <summary>
    /// An attribute set's attribute prefix: name-prefix, else <c>&lt;family&gt;-a-&lt;set&gt;-</c>, or
    /// <c>&lt;family&gt;-a-</c> for the set named as the family (dpll: DPLL_A_ID, not DPLL_A_DPLL_ID).
    /// </summary>
    public static string AttributePrefix(string family, string setName, string? namePrefix) =>
        namePrefix ?? (setName == family ? family + "-a-" : family + "-a-" + setName + "-");

    /// <summary>The operations' command prefix: name-prefix, else <c>&lt;family&gt;-cmd-</c>.</summary>
    public static string OperationPrefix(string family, string? namePrefix) =>
        namePrefix ?? family + "-cmd-";

    /// <summary>
    /// A drop reason's kernel name, SKB_DROP_REASON_ left off (no-socket → NO_SOCKET): the catalogue's
    /// entries have no prefix of their own.
    /// </summary>
    public static string DropReasonKernelName(string specName) => CUpper(specName);

    /// <summary>The spec name of a drop reason's kernel name: NO_SOCKET → no-socket.</summary>
    public static string DropReasonSpecName(string kernelName) => SpecName(kernelName, string.Empty);

    /// <summary>A C# type or member name: alert-mode → AlertMode, NET_DM → NetDm, tpacket_req3 → TpacketReq3.</summary>
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (string word in name.Split('-', '_', ' ', '.', '/'))
        {
            if (word.Length == 0)
            {
                continue;
            }

            // An all-capitals word is a C name (NET_DM): keep only its first capital.
            bool allUpper = word.ToUpperInvariant() == word;
            builder.Append(char.ToUpperInvariant(word[0]));
            builder.Append(allUpper ? word.Substring(1).ToLowerInvariant() : word.Substring(1));
        }

        if (builder.Length == 0)
        {
            return "_";
        }

        return char.IsDigit(builder[0]) ? "_" + builder : builder.ToString();
    }
}
