using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace NetDrop.Generators.Parsing;

/// <summary>
/// Whether a name the generated code declares or refers to is a C# identifier. Spec names become
/// code; one that is not an identifier ("x; class Pwned {") would write code of the spec's choosing,
/// so it is a spec error, never emitted.
/// </summary>
internal static class Identifiers
{
    /// <summary>
    /// Null when <paramref name="name"/> is an identifier the emitter can write, else why it is not.
    /// </summary>
    /// <param name="keywordEscaped">The emitter writes this name with an @ when it is a keyword (C struct and member names).</param>
    public static string? Problem(string name, bool keywordEscaped)
    {
        if (name.Length == 0)
        {
            return "is empty";
        }

        if (!SyntaxFacts.IsValidIdentifier(name))
        {
            return char.IsDigit(name[0]) ? "starts with a digit" : "is not a C# identifier";
        }

        // C# lets identifiers hold formatting characters (Unicode Cf), bidirectional overrides among
        // them; in a name they only hide what the code says.
        foreach (char c in name)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return "holds the invisible formatting character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
            }
        }

        if (!keywordEscaped && SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
        {
            return "is a C# keyword";
        }

        return null;
    }
}
