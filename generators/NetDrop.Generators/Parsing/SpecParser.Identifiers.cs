using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Emit;
using NetDrop.Generators.Model;
using YamlDotNet.RepresentationModel;

namespace NetDrop.Generators.Parsing;

// Names that become C# identifiers: each is checked where the spec gives it, so a bad one is a spec
// error at its line and column, and the emitter only ever writes identifiers.
internal sealed partial class SpecParser
{
    /// <summary>Reports ND0011 when <paramref name="identifier"/>, made from the spec's <paramref name="specName"/>, cannot be written as a C# identifier.</summary>
    /// <param name="what">What the name is, for the message (Attribute, Socket option, …).</param>
    /// <param name="keywordEscaped">The emitter writes the name with an @ when it is a keyword.</param>
    private bool CheckIdentifier(YamlNode at, string what, string specName, string identifier, bool keywordEscaped = false)
    {
        string? problem = Identifiers.Problem(identifier, keywordEscaped);
        if (problem is null)
        {
            return true;
        }

        Report(DiagnosticDescriptors.InvalidIdentifier, at, what, Naming.Literal(specName), Naming.Literal(identifier), problem);
        return false;
    }

    /// <summary>
    /// The namespace comes from the project (NetDropNamespace), not the spec, but the generated files
    /// declare it: each dotted part must be an identifier. Reported at the start of the spec.
    /// </summary>
    private void CheckNamespace()
    {
        foreach (string part in _namespace.Split('.'))
        {
            string? problem = Identifiers.Problem(part, keywordEscaped: false);
            if (problem is not null)
            {
                _diagnostics.Add(new DiagnosticInfo(
                    DiagnosticDescriptors.InvalidIdentifier.Id,
                    new[] { "NetDropNamespace", Naming.Literal(_namespace), Naming.Literal(part), problem }.ToEquatableArray(),
                    new SpecLocation(_path, 0, 0, 0, 0, 0, 0)));
                return;
            }
        }
    }
}
