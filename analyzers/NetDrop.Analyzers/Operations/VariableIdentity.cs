using System;
using Microsoft.CodeAnalysis;

namespace NetDrop.Analyzers.Operations;

/// <summary>
/// What "the same socket" or "the same client" means within a method: the same local, parameter, field
/// or property, read from the same instance. Two calls on <c>a.Socket</c> and <c>b.Socket</c> differ.
/// </summary>
internal sealed class VariableIdentity : IEquatable<VariableIdentity>
{
    /// <summary><c>this</c>: an instance method's own object.</summary>
    public static readonly VariableIdentity This = new(null, null);

    /// <summary>An instance that is not a variable (a call's result); never equal to anything, itself included.</summary>
    public static readonly VariableIdentity Unknown = new(null, null);

    public VariableIdentity(ISymbol? symbol, VariableIdentity? instance)
    {
        Symbol = symbol;
        Instance = instance;
    }

    public ISymbol? Symbol { get; }

    public VariableIdentity? Instance { get; }

    public bool IsKnown => !ReferenceEquals(this, Unknown) && (Instance is null || Instance.IsKnown);

    public bool Equals(VariableIdentity? other)
    {
        if (other is null || !IsKnown || !other.IsKnown)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol)
            && (Instance is null ? other.Instance is null : Instance.Equals(other.Instance));
    }

    public override bool Equals(object? obj) => Equals(obj as VariableIdentity);

    public override int GetHashCode() =>
        (Symbol is null ? 0 : SymbolEqualityComparer.Default.GetHashCode(Symbol)) * 31 + (Instance?.GetHashCode() ?? 0);
}
