using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NetDrop.Analyzers.Operations;

/// <summary>Small questions about operations that several analyzers ask.</summary>
internal static class OperationHelpers
{
    /// <summary>The operation under any conversions (<c>(nint)&amp;x</c> → <c>&amp;x</c>, a lifted constant → the constant).</summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The integral constant an operation folds to, looking through conversions (so a constant lifted to Nullable counts).</summary>
    public static long? IntegralConstant(this IOperation operation)
    {
        IOperation? current = operation;
        while (current is not null)
        {
            if (current.ConstantValue is { HasValue: true, Value: { } value })
            {
                return value switch
                {
                    int i => i,
                    uint u => u,
                    long l => l,
                    ulong ul when ul <= long.MaxValue => (long)ul,
                    short s => s,
                    ushort us => us,
                    byte b => b,
                    sbyte sb => sb,
                    char c => c,
                    _ => null,
                };
            }

            current = current is IConversionOperation conversion ? conversion.Operand : null;
        }

        return null;
    }

    /// <summary>The field a constant comes from (<c>AfPacketSocketOptions.PACKET_VERSION</c>), through conversions.</summary>
    public static IFieldSymbol? ConstantField(this IOperation operation) =>
        operation.WithoutConversions() is IFieldReferenceOperation { Field: { IsConst: true } field } ? field : null;

    /// <summary>
    /// The variable an operation reads: a local, parameter, field or property, with the instance it is
    /// read from when that is itself such a variable (<c>this._socket</c>, <c>ring.Fd</c>). Null when the
    /// value comes from a call or anything else that need not give the same thing twice.
    /// </summary>
    public static VariableIdentity? Identity(this IOperation? operation)
    {
        operation = operation?.WithoutConversions();
        switch (operation)
        {
            case ILocalReferenceOperation local:
                return new VariableIdentity(local.Local, null);
            case IParameterReferenceOperation parameter:
                return new VariableIdentity(parameter.Parameter, null);
            case IInstanceReferenceOperation:
                return VariableIdentity.This;
            case IFieldReferenceOperation field:
                return new VariableIdentity(field.Field, field.Instance is null ? null : field.Instance.Identity() ?? VariableIdentity.Unknown);
            case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                return new VariableIdentity(property.Property, property.Instance is null ? null : property.Instance.Identity() ?? VariableIdentity.Unknown);
            default:
                return null;
        }
    }

    /// <summary>The name of what an operation reads (<c>cmsg_type</c>, <c>reason</c>), or null.</summary>
    public static string? ReferencedName(this IOperation operation) => operation.WithoutConversions() switch
    {
        ILocalReferenceOperation local => local.Local.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        IFieldReferenceOperation field => field.Field.Name,
        IPropertyReferenceOperation property => property.Property.Name,
        _ => null,
    };

    /// <summary>A name in lower case without underscores (<c>cmsg_type</c> → <c>cmsgtype</c>), to compare spellings.</summary>
    public static string Normalize(string name)
    {
        var chars = new char[name.Length];
        int length = 0;
        foreach (char c in name)
        {
            if (c != '_')
            {
                chars[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(chars, 0, length);
    }

    /// <summary>The argument passed for a parameter of the given name, or null when the call has none.</summary>
    public static IArgumentOperation? ArgumentFor(this IInvocationOperation invocation, string? parameterName)
    {
        if (parameterName is null)
        {
            return null;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument;
            }
        }

        return null;
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The text of a list, with at most <paramref name="limit"/> items written out ("A, B and 3 more").</summary>
    public static string List(System.Collections.Generic.IReadOnlyList<string> items, int limit = 8)
    {
        if (items.Count <= limit)
        {
            return string.Join(", ", items);
        }

        var shown = new string[limit];
        for (int i = 0; i < limit; i++)
        {
            shown[i] = items[i];
        }

        return string.Join(", ", shown) + " and " + Invariant(items.Count - limit) + " more";
    }

    /// <summary>True for a method of the given type (by metadata name) and name.</summary>
    public static bool Is(this IMethodSymbol method, string containingType, string name) =>
        method.Name == name && string.Equals(method.ContainingType?.ToDisplayString(), containingType, StringComparison.Ordinal);
}
