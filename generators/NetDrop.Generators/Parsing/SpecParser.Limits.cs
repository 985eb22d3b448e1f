using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Emit;
using NetDrop.Generators.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NetDrop.Generators.Parsing;

// The size of a spec, checked before it is loaded (SpecLimits).
internal sealed partial class SpecParser
{
    /// <summary>False, with ND0012 at the start of the file, when the spec is longer than <see cref="SpecLimits.MaxLength"/>.</summary>
    private bool CheckLength()
    {
        if (_text is not { Length: > SpecLimits.MaxLength })
        {
            return true;
        }

        ReportTooLarge(string.Format(CultureInfo.InvariantCulture,
            "The spec is {0} characters; a spec may have at most {1}", _text.Length, SpecLimits.MaxLength), new SpecLocation(_path, 0, 0, 0, 0, 0, 0));
        return false;
    }

    /// <summary>
    /// False, with ND0012, when the spec's aliases expand it past <see cref="SpecLimits.MaxExpandedNodes"/>
    /// nodes or <see cref="SpecLimits.MaxExpandedScalarLength"/> characters. One pass over the events: an
    /// anchor's size is known when its node ends, and each alias adds that size, so nothing is expanded to
    /// count it. Loading would expand it: YamlDotNet shares an aliased node, but hashes a mapping key
    /// through every alias inside it, and the emitter copies an aliased scalar each time it is used.
    /// </summary>
    private bool CheckExpansion()
    {
        var anchors = new Dictionary<string, (long Nodes, long Characters)>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long Nodes, long Characters)>();
        long nodes = 0;
        long characters = 0;
        var events = new Parser(new StringReader(_text));
        try
        {
            while (events.MoveNext())
            {
                ParsingEvent current = events.Current!;
                switch (current)
                {
                    case Scalar scalar:
                        nodes++;
                        characters += scalar.Value.Length;
                        if (!scalar.Anchor.IsEmpty)
                        {
                            anchors[scalar.Anchor.Value] = (1, scalar.Value.Length);
                        }

                        break;
                    case NodeEvent start when start is MappingStart or SequenceStart:
                        open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, nodes, characters));
                        nodes++;
                        break;
                    case MappingEnd or SequenceEnd when open.Count > 0:
                        (string? anchor, long nodesBefore, long charactersBefore) = open.Pop();
                        if (anchor is not null)
                        {
                            anchors[anchor] = (nodes - nodesBefore, characters - charactersBefore);
                        }

                        break;
                    case AnchorAlias alias when anchors.TryGetValue(alias.Value.Value, out (long Nodes, long Characters) size):
                        nodes += size.Nodes;
                        characters += size.Characters;
                        break;
                }

                if (nodes > SpecLimits.MaxExpandedNodes || characters > SpecLimits.MaxExpandedScalarLength)
                {
                    string what = nodes > SpecLimits.MaxExpandedNodes
                        ? string.Format(CultureInfo.InvariantCulture, "{0} nodes", SpecLimits.MaxExpandedNodes)
                        : string.Format(CultureInfo.InvariantCulture, "{0} characters of text", SpecLimits.MaxExpandedScalarLength);
                    ReportTooLarge(current is AnchorAlias
                        ? "With its aliases expanded the spec passes " + what + " here; write the entries out, or use fewer aliases of aliases"
                        : "The spec passes " + what + " here, more than a spec needs", LocationOf(current.Start, current.End));
                    return false;
                }
            }
        }
        catch (Exception exception) when (exception is YamlException or InvalidOperationException or ArgumentException)
        {
            // A syntax error: loading meets it too, and reports it where it is.
        }

        return true;
    }

    private void ReportTooLarge(string message, SpecLocation at) =>
        _diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.SpecTooLarge.Id, new[] { message }.ToEquatableArray(), at));
}
