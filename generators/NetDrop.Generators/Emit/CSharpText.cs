using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace NetDrop.Generators.Emit;

/// <summary>Model facts spelled as C#: identifiers, type names, numbers and the attributes every type carries.</summary>
internal static class CSharpText
{
    public const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"NetDrop.Generators\", \"1.0.0\")]";

    /// <summary>C names can be C# keywords (event, fixed); those need an @.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A value type from the model: C# keywords (int, uint, byte[]) as they are, struct names as identifiers.</summary>
    public static string TypeName(string csharpType) =>
        SyntaxFacts.GetKeywordKind(csharpType.TrimEnd('[', ']')) != SyntaxKind.None ? csharpType : Identifier(csharpType);

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string SpecSource(string fileName, string entry) =>
        $"[global::NetDrop.Metadata.SpecSource({Naming.Literal(fileName)}, {Naming.Literal(entry)})]";
}
