using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NetDrop.SpecSync.Specs;

/// <summary>
/// A spec's YAML as nodes that know where they are in the text (character offsets from YamlDotNet's
/// parser events). Sync edits the text at those offsets instead of re-serialising a loaded model:
/// YamlDotNet's representation model drops comments, blank lines and scalar styles, and the specs are
/// hand-written files whose comments and layout are part of their value.
/// </summary>
internal abstract class YamlOutline
{
    /// <summary>Offset of the node's first character.</summary>
    public int Start { get; init; }

    /// <summary>Offset just past the node's last character (for block collections: their last child's end).</summary>
    public int End { get; set; }

    /// <summary>0-based column of <see cref="Start"/>.</summary>
    public int Column { get; init; }

    /// <summary>The longest spec read, in characters: the generator's limit (SpecLimits.MaxLength, ND0012).</summary>
    public const int MaxLength = 1024 * 1024;

    /// <summary>The deepest nesting read, as in the generator: <see cref="Read"/> recurses once per level.</summary>
    public const int MaxNesting = 64;

    /// <remarks>
    /// Aliases are refused (the specs use none), so nothing here expands; the length and the nesting are
    /// bounded like the generator's, so a hostile spec is an error rather than a stack overflow.
    /// </remarks>
    public static YamlOutline Parse(string text, string path)
    {
        if (text.Length > MaxLength)
        {
            throw new SpecFormatException(path, 0, $"is {text.Length} characters; a spec may have at most {MaxLength} (docs/diagnostics/ND0012.md)");
        }

        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            parser.Consume<DocumentStart>();
            YamlOutline root = Read(parser, 1);
            return root;
        }
        catch (YamlException exception)
        {
            throw new SpecFormatException(path, (int)exception.Start.Line, "is not valid YAML: " + exception.Message);
        }
    }

    private static YamlOutline Read(IParser parser, int depth)
    {
        ParsingEvent next = parser.Current ?? throw new YamlException("unexpected end of the document");
        if (next is MappingStart or SequenceStart && depth > MaxNesting)
        {
            throw new YamlException(next.Start, next.End, $"the YAML nests mappings and sequences more than {MaxNesting} deep here; a spec needs a few levels");
        }

        parser.MoveNext();
        switch (next)
        {
            case Scalar scalar:
                return new YamlScalarOutline(scalar.Value, scalar.Style) { Start = (int)scalar.Start.Index, End = (int)scalar.End.Index, Column = (int)scalar.Start.Column - 1 };
            case MappingStart mapping:
            {
                var outline = new YamlMappingOutline(mapping.Style == YamlDotNet.Core.Events.MappingStyle.Flow) { Start = (int)mapping.Start.Index, Column = (int)mapping.Start.Column - 1 };
                while (parser.Current is not MappingEnd)
                {
                    YamlOutline key = Read(parser, depth + 1);
                    YamlOutline value = Read(parser, depth + 1);
                    outline.Add(key as YamlScalarOutline ?? throw new YamlException("a mapping key that is not a scalar"), value);
                }

                MappingEnd end = (MappingEnd)parser.Current;
                parser.MoveNext();
                outline.End = outline.IsFlow ? (int)end.Start.Index + 1 : outline.LastChildEnd();
                return outline;
            }

            case SequenceStart sequence:
            {
                var outline = new YamlSequenceOutline(sequence.Style == YamlDotNet.Core.Events.SequenceStyle.Flow) { Start = (int)sequence.Start.Index, Column = (int)sequence.Start.Column - 1 };
                while (parser.Current is not SequenceEnd)
                {
                    outline.Items.Add(Read(parser, depth + 1));
                }

                SequenceEnd end = (SequenceEnd)parser.Current;
                parser.MoveNext();
                outline.End = outline.IsFlow ? (int)end.Start.Index + 1 : outline.LastChildEnd();
                return outline;
            }

            default:
                throw new YamlException(next.Start, next.End, $"NetDrop's specs use no {next.GetType().Name} here");
        }
    }

    /// <summary>The end of the last scalar or flow collection inside, or <see cref="Start"/> when empty.</summary>
    protected abstract int LastChildEnd();
}

/// <summary>A scalar, with its value as parsed.</summary>
internal sealed class YamlScalarOutline(string value, ScalarStyle style) : YamlOutline
{
    public string Value { get; } = value;

    public ScalarStyle Style { get; } = style;

    protected override int LastChildEnd() => End;
}

/// <summary>A mapping: keys in order, with their values.</summary>
internal sealed class YamlMappingOutline(bool isFlow) : YamlOutline
{
    private readonly List<(YamlScalarOutline Key, YamlOutline Value)> _entries = new();

    public bool IsFlow { get; } = isFlow;

    public IReadOnlyList<(YamlScalarOutline Key, YamlOutline Value)> Entries => _entries;

    public YamlOutline? this[string key]
    {
        get
        {
            foreach ((YamlScalarOutline k, YamlOutline value) in _entries)
            {
                if (k.Value == key)
                {
                    return value;
                }
            }

            return null;
        }
    }

    public YamlScalarOutline? KeyNode(string key) => _entries.Find(e => e.Key.Value == key).Key;

    public string? String(string key) => (this[key] as YamlScalarOutline)?.Value;

    public void Add(YamlScalarOutline key, YamlOutline value) => _entries.Add((key, value));

    protected override int LastChildEnd() => _entries.Count == 0 ? Start : Math.Max(_entries[^1].Value.End, _entries[^1].Key.End);
}

/// <summary>A sequence of items.</summary>
internal sealed class YamlSequenceOutline(bool isFlow) : YamlOutline
{
    public bool IsFlow { get; } = isFlow;

    public List<YamlOutline> Items { get; } = new();

    protected override int LastChildEnd() => Items.Count == 0 ? Start : Items[^1].End;
}
