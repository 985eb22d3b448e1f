using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NetDrop.Analyzers.Metadata;

namespace NetDrop.Analyzers.Operations;

/// <summary>
/// Which reasons of a catalogue a pattern or case label handles, as a set over the catalogue's members.
/// Constants, <c>or</c>, <c>and</c>, <c>not</c>, relational patterns, discards and type patterns are
/// understood; anything else makes the answer unknown (null), and the analyzers then stay silent rather
/// than guess.
/// </summary>
internal static class ReasonCoverage
{
    public static bool[] None(DropReasonCatalogInfo catalog) => new bool[catalog.Members.Length];

    public static bool[] All(DropReasonCatalogInfo catalog)
    {
        bool[] all = new bool[catalog.Members.Length];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = true;
        }

        return all;
    }

    /// <summary>The reasons a pattern matches, or null when it cannot tell.</summary>
    public static bool[]? Of(IPatternOperation pattern, DropReasonCatalogInfo catalog)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant:
                return Constant(constant.Value, catalog);

            case IDiscardPatternOperation:
                return All(catalog);

            case IDeclarationPatternOperation declaration:
                return declaration.MatchedType is null || Matches(declaration.MatchedType, catalog) ? All(catalog) : null;

            case ITypePatternOperation type:
                return Matches(type.MatchedType, catalog) ? All(catalog) : null;

            case IRecursivePatternOperation recursive
                when recursive.DeconstructionSubpatterns.Length == 0 && recursive.PropertySubpatterns.Length == 0
                && (recursive.MatchedType is null || Matches(recursive.MatchedType, catalog)):
                return All(catalog);

            case INegatedPatternOperation negated when Of(negated.Pattern, catalog) is { } inner:
                for (int i = 0; i < inner.Length; i++)
                {
                    inner[i] = !inner[i];
                }

                return inner;

            case IBinaryPatternOperation binary when Of(binary.LeftPattern, catalog) is { } left && Of(binary.RightPattern, catalog) is { } right:
                for (int i = 0; i < left.Length; i++)
                {
                    left[i] = binary.OperatorKind == BinaryOperatorKind.Or ? left[i] || right[i] : left[i] && right[i];
                }

                return left;

            case IRelationalPatternOperation relational when relational.Value.IntegralConstant() is long bound:
                bool[] matched = None(catalog);
                for (int i = 0; i < matched.Length; i++)
                {
                    long value = catalog.Members[i].Value;
                    matched[i] = relational.OperatorKind switch
                    {
                        BinaryOperatorKind.LessThan => value < bound,
                        BinaryOperatorKind.LessThanOrEqual => value <= bound,
                        BinaryOperatorKind.GreaterThan => value > bound,
                        BinaryOperatorKind.GreaterThanOrEqual => value >= bound,
                        _ => false,
                    };
                }

                return matched;

            default:
                return null;
        }
    }

    /// <summary>
    /// The reason a constant is: one member, or nothing for <c>null</c> (a switch over a nullable reason)
    /// and for a number no member has. Null when the value is not a constant.
    /// </summary>
    public static bool[]? Constant(IOperation value, DropReasonCatalogInfo catalog)
    {
        bool[] set = None(catalog);
        if (value.WithoutConversions().ConstantValue is { HasValue: true, Value: null })
        {
            return set;
        }

        if (value.IntegralConstant() is not long constant)
        {
            return null;
        }

        int index = catalog.IndexOf(constant);
        if (index >= 0)
        {
            set[index] = true;
        }

        return set;
    }

    public static void Add(bool[] into, bool[] from)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] |= from[i];
        }
    }

    /// <summary>The members not in the set, in enum order.</summary>
    public static List<DropReasonMember> Missing(bool[] covered, DropReasonCatalogInfo catalog)
    {
        var missing = new List<DropReasonMember>();
        for (int i = 0; i < covered.Length; i++)
        {
            if (!covered[i])
            {
                missing.Add(catalog.Members[i]);
            }
        }

        return missing;
    }

    /// <summary>The names of the members, for a message.</summary>
    public static string Names(List<DropReasonMember> members)
    {
        var names = new List<string>(members.Count);
        foreach (DropReasonMember member in members)
        {
            names.Add(member.Field.Name);
        }

        return OperationHelpers.List(names);
    }

    /// <summary>
    /// The members grouped by subsystem in enum order, for the code fix:
    /// <c>core:NoSocket,PktTooSmall;openvswitch:…</c>. Subsystems come in the order their first reason does.
    /// </summary>
    public static string Groups(List<DropReasonMember> members)
    {
        var order = new List<string>();
        var groups = new Dictionary<string, List<string>>();
        foreach (DropReasonMember member in members)
        {
            if (!groups.TryGetValue(member.Subsystem, out List<string>? list))
            {
                groups[member.Subsystem] = list = new List<string>();
                order.Add(member.Subsystem);
            }

            list.Add(member.Field.Name);
        }

        var parts = new List<string>(order.Count);
        foreach (string subsystem in order)
        {
            parts.Add(subsystem + ":" + string.Join(",", groups[subsystem]));
        }

        return string.Join(";", parts);
    }

    private static bool Matches(ITypeSymbol type, DropReasonCatalogInfo catalog) =>
        SymbolEqualityComparer.Default.Equals(type, catalog.Type)
        || type.SpecialType is SpecialType.System_Object or SpecialType.System_Enum or SpecialType.System_ValueType;
}
