using System;
using Microsoft.CodeAnalysis;

namespace NetDrop.Generators.Diagnostics;

/// <summary>Finds a descriptor by ID, for diagnostics that travel through the pipeline as data.</summary>
internal static class DiagnosticCatalog
{
    private static readonly DiagnosticDescriptor[] All =
    {
        DiagnosticDescriptors.YamlSyntax,
        DiagnosticDescriptors.MissingKey,
        DiagnosticDescriptors.UnknownProtocol,
        DiagnosticDescriptors.UnknownType,
        DiagnosticDescriptors.DuplicateName,
        DiagnosticDescriptors.DuplicateValue,
        DiagnosticDescriptors.DanglingReference,
        DiagnosticDescriptors.InvalidValue,
        DiagnosticDescriptors.WrongShape,
        DiagnosticDescriptors.GeneratorFailure,
        DiagnosticDescriptors.InvalidIdentifier,
        DiagnosticDescriptors.SpecTooLarge,
        DiagnosticDescriptors.NotUsedYet,
    };

    /// <summary>Whether a diagnostic stops its spec from generating code: errors do, infos do not.</summary>
    public static bool IsError(string id) => Find(id).DefaultSeverity == DiagnosticSeverity.Error;

    public static DiagnosticDescriptor Find(string id)
    {
        foreach (DiagnosticDescriptor descriptor in All)
        {
            if (descriptor.Id == id)
            {
                return descriptor;
            }
        }

        throw new ArgumentException("Unknown diagnostic " + id, nameof(id));
    }
}
