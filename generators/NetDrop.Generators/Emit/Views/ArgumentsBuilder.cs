using System.Collections.Generic;
using System.Linq;
using NetDrop.Generators.Model;

namespace NetDrop.Generators.Emit.Views;

/// <summary>
/// The argument structs of a client's nested request attributes (Client.scriban): a set's struct has a
/// member for each nest inside it whose set has a struct too, and for each format of a sub-message
/// attribute whose payload is an attribute set (DataAsBridge). A ref struct cannot contain itself, so a
/// nest that leads back to a set being built gets no member (it is named in the struct's doc).
/// </summary>
internal sealed class ArgumentsBuilder
{
    private readonly IReadOnlyDictionary<string, AttributeSetModel> _sets;
    private readonly IReadOnlyDictionary<string, SubMessageModel> _subMessages;
    private readonly HashSet<string> _visited = new();
    private readonly HashSet<string> _building = new();

    public ArgumentsBuilder(IReadOnlyDictionary<string, AttributeSetModel> sets, IReadOnlyDictionary<string, SubMessageModel> subMessages)
    {
        _sets = sets;
        _subMessages = subMessages;
    }

    /// <summary>Sets (by type prefix) that have an argument struct.</summary>
    public HashSet<string> WithArguments { get; } = new();

    /// <summary>The argument structs, each after those it contains.</summary>
    public List<ArgumentsView> Arguments { get; } = new();

    /// <summary>Builds the struct of set <paramref name="prefix"/> and those it contains, once each.</summary>
    public void Build(string prefix)
    {
        if (_visited.Contains(prefix) || _building.Contains(prefix) || !_sets.TryGetValue(prefix, out AttributeSetModel? set))
        {
            return;
        }

        _building.Add(prefix);
        foreach (AttributeModel attribute in set.Attributes)
        {
            if (attribute.Kind == AttributeKind.Nest && !attribute.MultiAttr && attribute.NestedTypePrefix is { } nested)
            {
                Build(nested);
            }

            foreach (SubMessageFormatModel format in Formats(attribute))
            {
                Build(format.AttributeSetTypePrefix!);
            }
        }

        _building.Remove(prefix);
        _visited.Add(prefix);
        if (Struct(set) is { } view)
        {
            WithArguments.Add(prefix);
            Arguments.Add(view);
        }
    }

    /// <summary>The formats of a sub-message attribute a struct can carry: attributes only, no fixed header.</summary>
    private IEnumerable<SubMessageFormatModel> Formats(AttributeModel attribute) =>
        attribute.SubMessage is { } name && !attribute.MultiAttr && _subMessages.TryGetValue(name, out SubMessageModel? subMessage)
            ? subMessage.Formats.Where(f => f.FixedHeader is null && f.AttributeSetTypePrefix is not null)
            : Enumerable.Empty<SubMessageFormatModel>();

    /// <summary>The argument struct of <paramref name="set"/>, or null when none of its attributes can be a member.</summary>
    private ArgumentsView? Struct(AttributeSetModel set)
    {
        var unsupported = new List<string>();
        var reserved = new[] { "writer" };
        var members = new List<RequestParameterView>();
        var conflicts = new List<ArgumentsConflictView>();
        var selectorGuards = new Dictionary<string, List<string>>();
        foreach (AttributeModel attribute in set.Attributes.Where(a => a.Kind != AttributeKind.Ignored))
        {
            RequestParameterView[] own = RequestParameters.From(new[] { attribute }, reserved, WithArguments, unsupported);
            members.AddRange(own);
            var formats = new List<RequestParameterView>();
            foreach (SubMessageFormatModel format in Formats(attribute))
            {
                if (!WithArguments.Contains(format.AttributeSetTypePrefix!))
                {
                    continue;
                }

                string member = attribute.MemberName + "As" + format.MemberName;
                formats.Add(new RequestParameterView("SubMessage", CSharpLiteral.Quote(attribute.SpecName), RequestParameters.ArgumentsType(format.AttributeSetTypePrefix!), RequestParameters.ParameterName(member), "default", member)
                {
                    Begin = $"{set.TypePrefix}SubMessages.Begin{attribute.MemberName}As{format.MemberName}",
                    FormatValue = CSharpLiteral.Quote(format.Value),
                    SelectorMember = set.Attributes.First(a => a.SpecName == attribute.Selector).MemberName,
                });
            }

            if (formats.Count == 0)
            {
                continue;
            }

            members.AddRange(formats);
            IEnumerable<RequestParameterView> exclusive = own.Concat(formats);
            conflicts.Add(new ArgumentsConflictView(
                string.Join(" + ", exclusive.Select(m => $"({m.MemberName}.IsEmpty ? 0 : 1)")),
                CSharpLiteral.Quote(string.Join(", ", exclusive.Select(m => m.MemberName)))));
            string selector = formats[0].SelectorMember!;
            if (!selectorGuards.TryGetValue(selector, out List<string>? guards))
            {
                selectorGuards[selector] = guards = new List<string>();
            }

            guards.AddRange(formats.Select(f => f.MemberName + ".IsEmpty"));
        }

        if (members.Count == 0)
        {
            return null;
        }

        // The selector is put by the format's writer when a format is set.
        RequestParameterView[] written = members
            .Select(m => m.Kind == "String" && selectorGuards.TryGetValue(m.MemberName, out List<string>? guards) ? m with { AlsoWhen = string.Join(" && ", guards) } : m)
            .ToArray();
        string note = $"The '{set.SpecName}' attributes of a nest in a request: those set are written, the rest left out."
            + (conflicts.Count > 0 ? " A sub-message attribute is given by one format's member (DataAsBridge), which puts its selector too." : string.Empty)
            + (unsupported.Count > 0 ? $" Not carried: {string.Join(", ", unsupported)}." : string.Empty);
        string empty = string.Join(" && ", written.Select(m => m.Kind switch
        {
            "Flag" => "!" + m.MemberName,
            "Binary" or "Repeated" or "RepeatedBinary" or "Nest" or "SubMessage" => m.MemberName + ".IsEmpty",
            _ => m.MemberName + " is null",
        }));
        return new ArgumentsView(DocText.Summary(DocText.Xml(note)), RequestParameters.ArgumentsType(set.TypePrefix), set.TypePrefix + "AttributeWriter", empty, written, conflicts.ToArray());
    }
}
