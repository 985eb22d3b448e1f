using System.Text;

namespace NetDrop.Generators.Emit;

/// <summary>How spec names (kebab-case, snake_case or C's UPPER_CASE) become C# and C names.</summary>
internal static class Naming
{
    /// <summary>alert-mode → AlertMode, NET_DM → NetDm, tpacket_req3 → TpacketReq3.</summary>
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

    /// <summary>net-dm-alert-mode- + packet → NET_DM_ALERT_MODE_PACKET.</summary>
    public static string CName(string prefix, string name) =>
        (prefix + name).Replace('-', '_').ToUpperInvariant();

    /// <summary>The kernel's spelling of a drop reason name: no-socket → NO_SOCKET.</summary>
    public static string KernelName(string name) => name.Replace('-', '_').ToUpperInvariant();

    /// <summary>
    /// A string literal with C# escapes. Control characters (C0, DEL, C1) and the line and paragraph
    /// separators are escaped too: NEL, U+2028 and U+2029 end a line in C#, so left raw in a literal
    /// they would end it and let the rest of a spec's text become code.
    /// </summary>
    public static string Literal(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
