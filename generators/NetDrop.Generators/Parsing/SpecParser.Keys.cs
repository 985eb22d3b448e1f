using System;
using System.Collections.Generic;
using System.IO;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NetDrop.Generators.Parsing;

// The shape of mapping keys, checked before the spec is loaded.
internal sealed partial class SpecParser
{
    /// <summary>
    /// False, with ND0001, when a mapping key is not text (a mapping, a sequence, or an alias of one) or an
    /// alias names a node that is still open. YNL keys are always text; YamlDotNet hashes a collection key
    /// through every node inside it, and an alias of an enclosing node makes that hash recurse until the stack
    /// overflows, which no catch can stop (a spec is read by the compiler and by commands running as root).
    /// </summary>
    private bool CheckKeys()
    {
        // Per open collection: whether it is a mapping and whether its next node is a key.
        var open = new Stack<(bool Mapping, bool KeyNext, string? Anchor)>();
        var collectionAnchors = new HashSet<string>(StringComparer.Ordinal);
        var events = new Parser(new StringReader(_text));
        try
        {
            while (events.MoveNext())
            {
                ParsingEvent current = events.Current!;
                string? problem = null;
                if (current is NodeEvent or AnchorAlias)
                {
                    bool isKey = open.Count > 0 && open.Peek() is { Mapping: true, KeyNext: true };
                    if (current is AnchorAlias alias)
                    {
                        string name = alias.Value.Value;
                        if (IsOpen(open, name))
                        {
                            problem = "The alias *" + name + " is inside the node it names, which would make the spec infinite; write the entries out";
                        }
                        else if (isKey && collectionAnchors.Contains(name))
                        {
                            problem = "A mapping key must be text, not an alias of a mapping or a sequence (*" + name + ")";
                        }
                    }
                    else if (isKey && current is MappingStart or SequenceStart)
                    {
                        problem = "A mapping key must be text, not a mapping or a sequence";
                    }

                    if (open.Count > 0 && open.Peek().Mapping)
                    {
                        (bool mapping, bool keyNext, string? anchor) = open.Pop();
                        open.Push((mapping, !keyNext, anchor));
                    }

                    if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
                    {
                        if (current is MappingStart or SequenceStart)
                        {
                            collectionAnchors.Add(anchored.Anchor.Value);
                        }
                        else
                        {
                            // A later scalar of the same name replaces a collection anchor for the aliases after it.
                            collectionAnchors.Remove(anchored.Anchor.Value);
                        }
                    }

                    if (current is MappingStart or SequenceStart)
                    {
                        NodeEvent start = (NodeEvent)current;
                        open.Push((current is MappingStart, true, start.Anchor.IsEmpty ? null : start.Anchor.Value));
                    }
                }
                else if (current is MappingEnd or SequenceEnd && open.Count > 0)
                {
                    open.Pop();
                }

                if (problem is not null)
                {
                    _diagnostics.Add(new DiagnosticInfo(
                        DiagnosticDescriptors.YamlSyntax.Id, new[] { problem }.ToEquatableArray(), LocationOf(current.Start, current.End)));
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

    private static bool IsOpen(Stack<(bool Mapping, bool KeyNext, string? Anchor)> open, string anchor)
    {
        foreach ((bool _, bool _, string? name) in open)
        {
            if (string.Equals(name, anchor, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
