using Microsoft.CodeAnalysis;
using NetDrop.Ynl;

namespace NetDrop.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the spec generator reports. IDs ND0001–ND0999 are spec errors (this generator);
/// ND1001 and up are the analyzers'. Each ID has a page under docs/diagnostics/.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NetDrop.Specs";

    /// <summary>Where help links point: the build's NetDropHelpLinkBase (Directory.Build.props), written in as <see cref="HelpLinks.Base"/>.</summary>
    public static string HelpLinkBase => HelpLinks.Base;

    public static readonly DiagnosticDescriptor YamlSyntax = Create(
        "ND0001", "Spec file is not valid YAML", "{0}");

    public static readonly DiagnosticDescriptor MissingKey = Create(
        "ND0002", "Spec entry lacks a required key", "{0} needs the key '{1}'");

    public static readonly DiagnosticDescriptor UnknownProtocol = Create(
        "ND0003", "Unknown spec protocol", "Protocol '{0}' is not one NetDrop generates code for; use " + YnlProtocols.Names);

    public static readonly DiagnosticDescriptor UnknownType = Create(
        "ND0004", "Unknown type in spec", "'{0}' is not a known {1} type; expected one of: {2}");

    public static readonly DiagnosticDescriptor DuplicateName = Create(
        "ND0005", "Duplicate name in spec", "{0} '{1}' is defined twice (first at line {2})");

    public static readonly DiagnosticDescriptor DuplicateValue = Create(
        "ND0006", "Duplicate value in spec", "{0} '{1}' has the value {2}, which '{3}' already has");

    public static readonly DiagnosticDescriptor DanglingReference = Create(
        "ND0007", "Spec refers to something it does not define", "{0} '{1}' is not defined in this spec");

    public static readonly DiagnosticDescriptor InvalidValue = Create(
        "ND0008", "Invalid value in spec", "{0}");

    public static readonly DiagnosticDescriptor WrongShape = Create(
        "ND0009", "Spec entry has the wrong shape", "'{0}' must be {1}");

    public static readonly DiagnosticDescriptor GeneratorFailure = Create(
        "ND0010", "The spec generator failed", "The spec generator failed on this file and generated nothing for it ({0}); please report this with the spec file");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Create(
        "ND0011", "Spec name is not a C# identifier", "{0} {1} gives the C# name {2}, which {3}; use letters, digits and underscores, not starting with a digit");
    public static readonly DiagnosticDescriptor SpecTooLarge = Create(
        "ND0012", "Spec is too large to read", "{0}");

    /// <summary>
    /// Info, not an error: the spec is valid YNL and its code is generated, but one thing in it is not
    /// used yet (a sub-message, a repeated attribute name), so no C# is generated for that one thing.
    /// </summary>
    public static readonly DiagnosticDescriptor NotUsedYet = Create(
        "ND0013", "Part of the spec is not used yet", "{0}; nothing is generated for it, the rest of the spec is", DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) => new(
        id,
        title,
        message,
        Category,
        severity,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.Base + id + ".md");

}
