using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetDrop.Generators.Model;

namespace NetDrop.Generators.Diagnostics;

/// <summary>
/// A diagnostic as plain data, so it can live in the incremental pipeline's cache: a Location or a
/// Diagnostic holds on to syntax trees and compares by reference.
/// </summary>
internal sealed record DiagnosticInfo(
    string Id,
    EquatableArray<string> Arguments,
    SpecLocation Location)
{
    public Diagnostic ToDiagnostic()
    {
        DiagnosticDescriptor descriptor = DiagnosticCatalog.Find(Id);
        Location location = Microsoft.CodeAnalysis.Location.Create(
            Location.Path,
            new TextSpan(Location.Start, System.Math.Max(0, Location.End - Location.Start)),
            new LinePositionSpan(
                new LinePosition(Location.StartLine, Location.StartColumn),
                new LinePosition(Location.EndLine, Location.EndColumn)));
        object[] arguments = new object[Arguments.Count];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arguments[i];
        }

        return Diagnostic.Create(descriptor, location, arguments);
    }
}

/// <summary>A place in a spec file: character offsets and zero-based lines and columns.</summary>
internal sealed record SpecLocation(string Path, int Start, int End, int StartLine, int StartColumn, int EndLine, int EndColumn);
