using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.CodeAnalysis;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Model;
using NetDrop.Ynl;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace NetDrop.Generators.Parsing;

/// <summary>
/// Turns one spec file into a <see cref="SpecModel"/>, or into diagnostics at the line and column of
/// what is wrong. Like YNL's nlspec.py it builds the objects first and resolves references in a
/// second pass, so a spec may refer to what it defines further down.
/// </summary>
internal sealed partial class SpecParser
{
    private readonly string _path;
    private readonly string _text;
    private readonly string _namespace;
    private readonly List<DiagnosticInfo> _diagnostics = new();

    private SpecParser(string path, string text, string @namespace)
    {
        _path = path;
        _text = text;
        _namespace = @namespace;
    }

    /// <summary>Parses one spec. Never throws: a failure of the parser itself becomes ND0010.</summary>
    public static SpecParseResult Parse(string path, string text, string @namespace)
    {
        var parser = new SpecParser(path, text, @namespace);
        SpecModel? model;
        try
        {
            model = parser.ParseSpec();
        }
        catch (Exception exception)
        {
            parser._diagnostics.Clear();
            parser._diagnostics.Add(new DiagnosticInfo(
                DiagnosticDescriptors.GeneratorFailure.Id,
                new[] { exception.GetType().Name + ": " + exception.Message }.ToEquatableArray(),
                new SpecLocation(path, 0, 0, 0, 0, 0, 0)));
            model = null;
        }

        // A spec with errors generates nothing: half a family would only add confusing C# errors. An
        // info (ND0013: a part not used yet) leaves the rest of the spec generated.
        bool failed = parser._diagnostics.Exists(d => DiagnosticCatalog.IsError(d.Id));
        return new SpecParseResult(failed ? null : model, parser._diagnostics.ToEquatableArray());
    }

    private SpecModel? ParseSpec()
    {
        YamlMappingNode? root = LoadRoot();
        if (root is null)
        {
            return null;
        }

        string? name = RequiredString(root, "name", "The spec");

        string protocol = OptionalString(root, "protocol") ?? YnlProtocols.Default;
        if (name is null)
        {
            return null;
        }

        if (!YnlProtocols.IsKnown(protocol))
        {
            Report(DiagnosticDescriptors.UnknownProtocol, Find(root, "protocol")!, protocol);
            return null;
        }

        _root = root;
        _familyName = name;
        _protocol = protocol;
        _typePrefix = YnlNames.Pascal(name);
        CheckIdentifier(Find(root, "name")!, "The spec name", name, _typePrefix);
        CheckNamespace();
        int version = (int)(OptionalInt(root, "version") ?? 1);

        CollectDefinitions(root);
        CollectAttributeSets(root);

        var consts = new List<ConstModel>();
        var enums = new List<EnumModel>();
        var structs = new List<StructModel>();
        BuildDefinitions(protocol, consts, enums, structs);
        List<AttributeSetModel> sets = BuildAttributeSets();
        enums.AddRange(_flagsEnumOrder);
        List<OperationModel> operations = BuildOperations(root, out bool directional);
        List<McastGroupModel> groups = BuildMcastGroups(root);
        List<SubMessageModel> subMessages = BuildSubMessages(root, sets);

        var levels = new List<ConstModel>();
        var options = new List<SocketOptionModel>();
        var messages = new List<ControlMessageModel>();
        if (protocol == YnlProtocols.Socket)
        {
            BuildSocketSpec(root, levels, options, messages);
        }

        return new SpecModel
        {
            FileName = Path.GetFileName(_path),
            Name = name,
            TypePrefix = _typePrefix,
            Protocol = protocol,
            IsNetlink = YnlProtocols.IsKernelNetlink(protocol),
            IsRaw = protocol == YnlProtocols.NetlinkRaw,
            Protonum = (int?)OptionalInt(root, "protonum"),
            Namespace = _namespace,
            Doc = Trim(OptionalString(root, "doc")),
            UapiHeader = OptionalString(root, "uapi-header"),
            Version = version,
            Consts = consts.ToEquatableArray(),
            Enums = enums.ToEquatableArray(),
            Structs = structs.ToEquatableArray(),
            AttributeSets = sets.ToEquatableArray(),
            Operations = operations.ToEquatableArray(),
            SubMessages = subMessages.ToEquatableArray(),
            DirectionalOperations = directional,
            McastGroups = groups.ToEquatableArray(),
            Levels = levels.ToEquatableArray(),
            SocketOptions = options.ToEquatableArray(),
            ControlMessages = messages.ToEquatableArray(),
        };
    }

    private YamlMappingNode? _root;
    private string _familyName = string.Empty;
    private string _protocol = string.Empty;
    private string _typePrefix = string.Empty;

    /// <summary>
    /// Deeper than any spec needs (the kernel's deepest nest a handful of levels). YamlDotNet's loader
    /// recurses once per level, so YAML nested thousands deep would overflow the compiler's stack, which
    /// no catch can stop; the parser's event stream is flat, so the depth is checked on it first.
    /// </summary>
    private const int MaxNesting = 64;

    private YamlMappingNode? LoadRoot()
    {
        if (!CheckLength() || !CheckNesting() || !CheckExpansion() || !CheckKeys())
        {
            return null;
        }

        var stream = new YamlStream();
        var parser = new Parser(new StringReader(_text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException exception)
        {
            _diagnostics.Add(new DiagnosticInfo(
                DiagnosticDescriptors.YamlSyntax.Id,
                new[] { exception.Message }.ToEquatableArray(),
                LocationOf(exception.Start, exception.End)));
            return null;
        }
        catch (InvalidOperationException exception)
        {
            // YamlDotNet's scanner throws this, not a YamlException, on a flow collection left open
            // ("doc: [a"). It is still the spec's syntax error, not the generator's: point at the
            // last thing the parser read (the open bracket) rather than report ND0010.
            Mark start = parser.Current?.Start ?? Mark.Empty;
            _diagnostics.Add(new DiagnosticInfo(
                DiagnosticDescriptors.YamlSyntax.Id,
                new[] { "The YAML ends inside a flow collection or scalar; is a '[', '{' or quote left open? (" + exception.Message + ")" }.ToEquatableArray(),
                LocationOf(start, parser.Current?.End ?? start)));
            return null;
        }
        catch (ArgumentException exception)
        {
            // YamlDotNet throws this too on some malformed YAML: a tag that is not a URI ("!!+)"), or an
            // indented key with no value after a comment ("# c\n  : x"), where its parser ends the mapping
            // before the value. Still the spec's syntax error: report it where the parser stopped.
            Mark start = parser.Current?.Start ?? Mark.Empty;
            _diagnostics.Add(new DiagnosticInfo(
                DiagnosticDescriptors.YamlSyntax.Id,
                new[] { "The YAML cannot be read here; check the indentation, keys and tags around this point (" + exception.Message + ")" }.ToEquatableArray(),
                LocationOf(start, parser.Current?.End ?? start)));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            _diagnostics.Add(new DiagnosticInfo(
                DiagnosticDescriptors.WrongShape.Id,
                new[] { Path.GetFileName(_path), "a YAML mapping with name, protocol and definitions" }.ToEquatableArray(),
                new SpecLocation(_path, 0, 0, 0, 0, 0, 0)));
            return null;
        }

        return root;
    }

    private bool CheckNesting()
    {
        var events = new Parser(new StringReader(_text));
        int depth = 0;
        try
        {
            while (events.MoveNext())
            {
                ParsingEvent current = events.Current!;
                if (current is MappingStart or SequenceStart && ++depth > MaxNesting)
                {
                    _diagnostics.Add(new DiagnosticInfo(
                        DiagnosticDescriptors.YamlSyntax.Id,
                        new[] { string.Format(CultureInfo.InvariantCulture, "The YAML nests mappings and sequences more than {0} deep here; a spec needs a few levels", MaxNesting) }.ToEquatableArray(),
                        LocationOf(current.Start, current.End)));
                    return false;
                }

                if (current is MappingEnd or SequenceEnd)
                {
                    depth--;
                }
            }
        }
        catch (Exception exception) when (exception is YamlException or InvalidOperationException or ArgumentException)
        {
            // A syntax error: loading meets it too, and reports it where it is.
        }

        return true;
    }

    // ---- Reporting ----

    private void Report(DiagnosticDescriptor descriptor, YamlNode at, params string[] arguments) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor.Id, arguments.ToEquatableArray(), LocationOf(at.Start, at.End)));

    /// <summary>ND0013: <paramref name="what"/> is valid YNL that nothing is generated for yet.</summary>
    private void ReportNotUsed(YamlNode at, string what) => Report(DiagnosticDescriptors.NotUsedYet, at, what);

    private SpecLocation LocationOf(Mark start, Mark end)
    {
        int startIndex = (int)Math.Min(start.Index, _text.Length);
        int endIndex = (int)Math.Min(Math.Max(end.Index, start.Index), _text.Length);

        // YamlDotNet counts lines and columns from 1; Roslyn from 0.
        return new SpecLocation(
            _path,
            startIndex,
            endIndex,
            (int)Math.Max(0, start.Line - 1),
            (int)Math.Max(0, start.Column - 1),
            (int)Math.Max(0, end.Line - 1),
            (int)Math.Max(0, end.Column - 1));
    }

    private static int LineOf(YamlNode node) => (int)node.Start.Line;

    // ---- Reading nodes ----

    private static YamlNode? Find(YamlMappingNode mapping, string key)
    {
        foreach (KeyValuePair<YamlNode, YamlNode> pair in mapping.Children)
        {
            if (pair.Key is YamlScalarNode scalar && scalar.Value == key)
            {
                return pair.Value;
            }
        }

        return null;
    }

    private string? OptionalString(YamlMappingNode mapping, string key)
    {
        YamlNode? node = Find(mapping, key);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                // "enum-name:" with nothing after it is YNL's way of saying "no C name".
                return string.IsNullOrEmpty(scalar.Value) || scalar.Value == "~" || scalar.Value == "null" ? null : scalar.Value;
            default:
                Report(DiagnosticDescriptors.WrongShape, node, key, "a single value");
                return null;
        }
    }

    private string? RequiredString(YamlMappingNode mapping, string key, string what)
    {
        string? value = OptionalString(mapping, key);
        if (value is null && Find(mapping, key) is null or YamlScalarNode)
        {
            Report(DiagnosticDescriptors.MissingKey, mapping, what, key);
        }

        return value;
    }

    private bool OptionalBool(YamlMappingNode mapping, string key)
    {
        string? value = OptionalString(mapping, key);
        if (value is null)
        {
            return false;
        }

        if (value == "true")
        {
            return true;
        }

        if (value != "false")
        {
            Report(DiagnosticDescriptors.InvalidValue, Find(mapping, key)!, $"'{key}' must be true or false, not '{value}'");
        }

        return false;
    }

    private long? OptionalInt(YamlMappingNode mapping, string key)
    {
        YamlNode? node = Find(mapping, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar && TryParseInt(scalar.Value, out long value))
        {
            return value;
        }

        Report(DiagnosticDescriptors.InvalidValue, node, $"'{key}' must be an integer (decimal or 0x hex), not '{(node as YamlScalarNode)?.Value}'");
        return null;
    }

    internal static bool TryParseInt(string? text, out long value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        string s = text!.Trim();
        bool negative = s.StartsWith("-", StringComparison.Ordinal);
        if (negative)
        {
            s = s.Substring(1);
        }

        bool ok;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = ulong.TryParse(s.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex) && hex <= long.MaxValue;
            value = ok ? (long)hex : 0;
        }
        else
        {
            ok = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        if (negative)
        {
            value = -value;
        }

        return ok;
    }

    /// <summary>The items of a sequence under <paramref name="key"/>; reports anything else.</summary>
    private IEnumerable<YamlNode> Sequence(YamlMappingNode mapping, string key)
    {
        YamlNode? node = Find(mapping, key);
        if (node is null || (node is YamlScalarNode empty && string.IsNullOrEmpty(empty.Value)))
        {
            return Array.Empty<YamlNode>();
        }

        if (node is YamlSequenceNode sequence)
        {
            return sequence.Children;
        }

        Report(DiagnosticDescriptors.WrongShape, node, key, "a list");
        return Array.Empty<YamlNode>();
    }

    /// <summary>The mapping items of a sequence; reports items that are not mappings.</summary>
    private IEnumerable<YamlMappingNode> Mappings(YamlMappingNode mapping, string key)
    {
        foreach (YamlNode item in Sequence(mapping, key))
        {
            if (item is YamlMappingNode map)
            {
                yield return map;
            }
            else
            {
                Report(DiagnosticDescriptors.WrongShape, item, key + " item", "a mapping with a name");
            }
        }
    }

    private YamlMappingNode? Mapping(YamlMappingNode mapping, string key)
    {
        YamlNode? node = Find(mapping, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlMappingNode map)
        {
            return map;
        }

        Report(DiagnosticDescriptors.WrongShape, node, key, "a mapping");
        return null;
    }

    /// <summary>Names must be unique within their kind; reports the second one.</summary>
    private bool CheckUnique(Dictionary<string, int> seen, string kind, string name, YamlNode at)
    {
        if (seen.TryGetValue(name, out int line))
        {
            Report(DiagnosticDescriptors.DuplicateName, at, kind, name, line.ToString(CultureInfo.InvariantCulture));
            return false;
        }

        seen[name] = LineOf(at);
        return true;
    }

    private static string? Trim(string? doc) => doc?.Trim();
}

/// <summary>What parsing one spec gave: a model (null when there were errors) and the diagnostics.</summary>
internal sealed record SpecParseResult(SpecModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
