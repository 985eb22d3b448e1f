using System.Text;

namespace NetDrop.Generators;

/// <summary>Spec text as C# source: for the generated code, and for names quoted in diagnostics.</summary>
internal static class CSharpLiteral
{
    /// <summary>
    /// A string literal with C# escapes. Control characters (C0, DEL, C1) and the line and paragraph
    /// separators are escaped too: NEL, U+2028 and U+2029 end a line in C#, so left raw in a literal
    /// they would end it and let the rest of a spec's text become code.
    /// </summary>
    public static string Quote(string value)
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
