using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static NetDrop.Cli.Watch.Filter.FilterFields;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>
/// Recursive descent over the grammar in docs/filter.md, one method per rule, lowest precedence first:
/// or → and → unary (!) → primary (parentheses or a comparison). Each comparison is checked against its
/// field's kind as it is read, so a wrong value is reported where it is written. The sizes in
/// <see cref="FilterLimits"/> are checked as the expression is read, at the token that passes them.
/// </summary>
internal sealed class FilterParser
{
    private readonly List<FilterToken> _tokens;
    private readonly ReasonNames _reasons;
    private int _next;
    private int _depth;
    private int _comparisons;
    private readonly SortedSet<string> _fields = new(StringComparer.Ordinal);

    private FilterParser(List<FilterToken> tokens, ReasonNames reasons)
    {
        _tokens = tokens;
        _reasons = reasons;
    }

    private FilterToken Current => _tokens[_next];

    /// <exception cref="FilterSyntaxException">The expression is not valid; the exception says where and why.</exception>
    public static FilterExpression Parse(string text, ReasonNames reasons) => Parse(text, reasons, out _);

    /// <param name="fields">The names of the fields the expression tests, for the check that the source provides them.</param>
    /// <exception cref="FilterSyntaxException">The expression is not valid; the exception says where and why.</exception>
    public static FilterExpression Parse(string text, ReasonNames reasons, out IReadOnlyCollection<string> fields)
    {
        if (text.Length > FilterLimits.MaxLength)
        {
            throw new FilterSyntaxException(FilterLimits.MaxLength + 1, string.Create(CultureInfo.InvariantCulture,
                $"the expression is {text.Length} characters; at most {FilterLimits.MaxLength} are accepted (docs/filter.md, Limits)"));
        }

        var parser = new FilterParser(FilterLexer.Tokenize(text), reasons);
        if (parser.Current.Kind == FilterTokenKind.End)
        {
            throw new FilterSyntaxException(1, "the expression is empty; write a comparison such as reason == NO_SOCKET");
        }

        FilterExpression expression = parser.ParseOr("");
        FilterToken rest = parser.Current;
        if (rest.Kind == FilterTokenKind.RightParenthesis)
        {
            throw new FilterSyntaxException(rest.Column, "')' has no '(' to close");
        }

        if (rest.Kind != FilterTokenKind.End)
        {
            throw new FilterSyntaxException(rest.Column, $"expected '&&', '||' or the end after a comparison, found {rest.Describe()}");
        }

        fields = parser._fields;
        return expression;
    }

    private FilterToken Advance() => _tokens[_next++];

    private FilterExpression ParseOr(string after)
    {
        FilterExpression first = ParseAnd(after);
        if (Current.Kind != FilterTokenKind.Or)
        {
            return first;
        }

        var operands = new List<FilterExpression> { first };
        while (Current.Kind == FilterTokenKind.Or)
        {
            Advance();
            operands.Add(ParseAnd(" after '||'"));
        }

        return new OrExpression(operands.ToArray());
    }

    private FilterExpression ParseAnd(string after)
    {
        FilterExpression first = ParseUnary(after);
        if (Current.Kind != FilterTokenKind.And)
        {
            return first;
        }

        var operands = new List<FilterExpression> { first };
        while (Current.Kind == FilterTokenKind.And)
        {
            Advance();
            operands.Add(ParseUnary(" after '&&'"));
        }

        return new AndExpression(operands.ToArray());
    }

    private FilterExpression ParseUnary(string after)
    {
        if (Current.Kind == FilterTokenKind.Not)
        {
            Enter(Advance());
            FilterExpression operand = ParseUnary(" after '!'");
            _depth--;
            return new NotExpression(operand);
        }

        return ParsePrimary(after);
    }

    /// <summary>One more '(' or '!' is open; past <see cref="FilterLimits.MaxDepth"/> the expression is refused at it.</summary>
    private void Enter(FilterToken opening)
    {
        if (++_depth > FilterLimits.MaxDepth)
        {
            throw new FilterSyntaxException(opening.Column, string.Create(CultureInfo.InvariantCulture,
                $"'{opening.Text}' nests {_depth} deep; at most {FilterLimits.MaxDepth} '(' and '!' may be open at once (docs/filter.md, Limits)"));
        }
    }

    private FilterExpression ParsePrimary(string after)
    {
        FilterToken token = Current;
        if (token.Kind == FilterTokenKind.LeftParenthesis)
        {
            Enter(Advance());
            FilterExpression inner = ParseOr(" after '('");
            if (Current.Kind != FilterTokenKind.RightParenthesis)
            {
                throw new FilterSyntaxException(Current.Column,
                    $"expected ')' to close the '(' at column {token.Column}, found {Current.Describe()}");
            }

            Advance();
            _depth--;
            return inner;
        }

        if (token.Kind != FilterTokenKind.Identifier)
        {
            throw new FilterSyntaxException(token.Column, $"expected a field name{after}, found {token.Describe()}");
        }

        if (++_comparisons > FilterLimits.MaxComparisons)
        {
            throw new FilterSyntaxException(token.Column, string.Create(CultureInfo.InvariantCulture,
                $"this is comparison {_comparisons}; at most {FilterLimits.MaxComparisons} are accepted (docs/filter.md, Limits; a set such as {{a, b, c}} is one)"));
        }

        FieldInfo field = Find(token.Text) ?? throw UnknownField(token);
        _fields.Add(field.Name);
        Advance();
        return ParseComparison(field, token);
    }

    private FilterExpression ParseComparison(FieldInfo field, FilterToken name)
    {
        FilterToken op = Current;
        if (field.Kind == FilterValueKind.Boolean && !op.IsComparison && op.Kind is not (FilterTokenKind.In or FilterTokenKind.Contains))
        {
            return new HardwareTest(true);
        }

        if (!op.IsComparison && op.Kind is not (FilterTokenKind.In or FilterTokenKind.Contains))
        {
            throw new FilterSyntaxException(op.Column, $"expected an operator ({Operators(field)}) after '{name.Text}', found {op.Describe()}");
        }

        bool allowed = field.Kind switch
        {
            FilterValueKind.Text => op.Kind is FilterTokenKind.Equal or FilterTokenKind.NotEqual or FilterTokenKind.In or FilterTokenKind.Contains,
            FilterValueKind.Number => op.Kind != FilterTokenKind.Contains,
            FilterValueKind.Address => op.Kind is FilterTokenKind.Equal or FilterTokenKind.NotEqual or FilterTokenKind.In,
            _ => op.Kind is FilterTokenKind.Equal or FilterTokenKind.NotEqual,
        };
        if (!allowed)
        {
            throw new FilterSyntaxException(op.Column, $"'{op.Text}' does not apply to {field.Name}; use {Operators(field)}");
        }

        Advance();
        List<FilterToken> values = op.Kind == FilterTokenKind.In ? ReadSet(field, op) : [ReadValue(op)];
        return field.Kind switch
        {
            FilterValueKind.Text => new TextTest(field.Field, op.Kind, values.Select(v => TextValue(field, v, op.Kind)).ToArray()),
            FilterValueKind.Number => new NumberTest(field.Field, op.Kind, values.Select(v => NumberValue(field, v)).ToArray()),
            FilterValueKind.Address => new AddressTest(field.Field, op.Kind == FilterTokenKind.NotEqual, values.Select(v => AddressValue(field, v)).ToArray()),
            _ => new HardwareTest(BooleanValue(field, values[0]) == (op.Kind == FilterTokenKind.Equal)),
        };
    }

    private FilterToken ReadValue(FilterToken after)
    {
        FilterToken value = Current;
        if (!value.IsValue)
        {
            throw new FilterSyntaxException(value.Column, $"expected a value after '{after.Text}', found {value.Describe()}");
        }

        Advance();
        return value;
    }

    /// <summary>in {a, b, c}; for addresses also in a single prefix (src in 10.0.0.0/8).</summary>
    private List<FilterToken> ReadSet(FieldInfo field, FilterToken op)
    {
        if (field.Kind == FilterValueKind.Address && Current.Kind == FilterTokenKind.Address)
        {
            return [Advance()];
        }

        if (Current.Kind != FilterTokenKind.LeftBrace)
        {
            string example = field.Kind == FilterValueKind.Address ? "a prefix like 10.0.0.0/8 or a set like {10.0.0.1, fd00::/8}" : "a set like {53, 853}";
            throw new FilterSyntaxException(Current.Column, $"expected {example} after 'in', found {Current.Describe()}");
        }

        FilterToken open = Advance();
        var values = new List<FilterToken> { ReadValue(open) };
        while (Current.Kind == FilterTokenKind.Comma)
        {
            values.Add(ReadValue(Advance()));
        }

        if (Current.Kind != FilterTokenKind.RightBrace)
        {
            throw new FilterSyntaxException(Current.Column, $"expected ',' or '}}' to close the set opened at column {open.Column}, found {Current.Describe()}");
        }

        Advance();
        return values;
    }

    private string TextValue(FieldInfo field, FilterToken value, FilterTokenKind comparison)
    {
        if (value.Kind is not (FilterTokenKind.Identifier or FilterTokenKind.String))
        {
            throw new FilterSyntaxException(value.Column, $"{field.Name} takes a name; {value.Describe()} is not one (quote it: \"{value.Text}\")");
        }

        switch (field.Field)
        {
            // A quoted reason is used as written: the way to name one neither the catalogue nor this kernel's table knows.
            case FilterField.Reason when value.Kind == FilterTokenKind.Identifier && comparison != FilterTokenKind.Contains:
                if (_reasons.TryResolve(value.Text, out string reason))
                {
                    return reason;
                }

                IReadOnlyList<string> near = _reasons.Near(value.Text);
                string hint = near.Count > 0 ? $"; did you mean {string.Join(", ", near)}?" : "";
                throw new FilterSyntaxException(value.Column,
                    $"unknown drop reason '{value.Text}'{hint} (reasons are NetDrop's catalogue and this kernel's names; quote a name to use it unchecked)");
            case FilterField.Source:
                if (value.Text.Equals("netdm", StringComparison.OrdinalIgnoreCase) || value.Text.Equals("tracepoint", StringComparison.OrdinalIgnoreCase)
                    || value.Text.Equals("bpf", StringComparison.OrdinalIgnoreCase))
                {
                    return value.Text;
                }

                throw new FilterSyntaxException(value.Column, $"source is bpf, netdm or tracepoint, not {value.Describe()}");
            default:
                return value.Text;
        }
    }

    private static long NumberValue(FieldInfo field, FilterToken value)
    {
        long number;
        if (value.Kind == FilterTokenKind.Number)
        {
            if (value.Number > (ulong)field.Max)
            {
                throw new FilterSyntaxException(value.Column, $"{field.Name} is 0 to {field.Max.ToString(CultureInfo.InvariantCulture)}; {value.Text} is out of range");
            }

            return (long)value.Number;
        }

        if (value.Kind == FilterTokenKind.Identifier && TryNamedNumber(field.Field, value.Text, out number))
        {
            return number;
        }

        string names = field.Field switch
        {
            FilterField.Proto => "a protocol name (tcp, udp, icmp, icmpv6, sctp, udplite, dccp, gre, esp, ah, igmp) or a number 0 to 255",
            FilterField.EtherType => "a name (ipv4, ipv6, arp, vlan, qinq, mpls, lldp) or a number such as 0x88cc",
            FilterField.Subsystem => "core, mac80211_unusable, mac80211_monitor, openvswitch or a number",
            _ => "a number 0 to " + field.Max.ToString(CultureInfo.InvariantCulture),
        };
        throw new FilterSyntaxException(value.Column, $"{field.Name} takes {names}; {value.Describe()} is not one");
    }

    private static bool TryNamedNumber(FilterField field, string name, out long number)
    {
        number = 0;
        switch (field)
        {
            case FilterField.Proto when Frames.IpProtocols.TryParse(name, out byte protocol):
                number = protocol;
                return true;
            case FilterField.EtherType when Frames.EtherTypes.TryParse(name, out ushort etherType):
                number = etherType;
                return true;
            case FilterField.Subsystem:
                foreach (DropReasonSubsystem subsystem in Enum.GetValues<DropReasonSubsystem>())
                {
                    if (SubsystemName(subsystem).Equals(name, StringComparison.OrdinalIgnoreCase))
                    {
                        number = (long)subsystem;
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>"Mac80211Unusable" → "mac80211_unusable", the kernel's SKB_DROP_REASON_SUBSYS_MAC80211_UNUSABLE.</summary>
    internal static string SubsystemName(DropReasonSubsystem subsystem)
    {
        string name = subsystem.ToString();
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static AddressPrefix AddressValue(FieldInfo field, FilterToken value)
    {
        if (value.Kind != FilterTokenKind.Address)
        {
            throw new FilterSyntaxException(value.Column, $"{field.Name} takes an IPv4 or IPv6 address or prefix (10.0.0.1, 10.0.0.0/8, fd00::/8); {value.Describe()} is not one");
        }

        return value.Address;
    }

    private static bool BooleanValue(FieldInfo field, FilterToken value) => value.Text switch
    {
        "true" when value.Kind == FilterTokenKind.Identifier => true,
        "false" when value.Kind == FilterTokenKind.Identifier => false,
        _ => throw new FilterSyntaxException(value.Column, $"{field.Name} is true or false, not {value.Describe()}"),
    };

    private static string Operators(FieldInfo field) => field.Kind switch
    {
        FilterValueKind.Text => "==, !=, in or contains",
        FilterValueKind.Number => "==, !=, <, <=, >, >= or in",
        FilterValueKind.Address => "==, != or in with an address or prefix",
        _ => "== true, == false, or the field alone",
    };

    private static FilterSyntaxException UnknownField(FilterToken token)
    {
        IReadOnlyList<string> near = NearMatches.Find(token.Text, All.Select(f => f.Name));
        string hint = near.Count > 0 ? $"did you mean {string.Join(", ", near)}? " : "";
        return new FilterSyntaxException(token.Column, $"unknown field '{token.Text}'; {hint}fields: {string.Join(", ", All.Select(f => f.Name))}");
    }
}
