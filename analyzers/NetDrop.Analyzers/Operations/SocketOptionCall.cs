using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NetDrop.Analyzers.Metadata;

namespace NetDrop.Analyzers.Operations;

/// <summary>
/// A call that sets or reads a socket option, in one of the shapes code has: <c>setsockopt</c> or
/// <c>getsockopt</c> (an extern or any method shaped (fd, level, optname, optval, optlen)),
/// <c>Socket.SetRawSocketOption</c>/<c>GetRawSocketOption</c>, or a method marked
/// [SocketOptionSetter]/[SocketOptionGetter].
/// </summary>
internal sealed class SocketOptionCall
{
    private SocketOptionCall(IInvocationOperation invocation, bool isSet, VariableIdentity? socket, IArgumentOperation? level, IArgumentOperation? option, IArgumentOperation? value, IArgumentOperation? length, int fixedLevel, int fixedName)
    {
        LevelArgument = level;
        Invocation = invocation;
        IsSet = isSet;
        Socket = socket;
        OptionArgument = option;
        ValueArgument = value;
        LengthArgument = length;
        FixedLevel = fixedLevel;
        FixedName = fixedName;
    }

    public IInvocationOperation Invocation { get; }

    public bool IsSet { get; }

    /// <summary>The socket: same value, same socket. Null for a static wrapper with no socket parameter.</summary>
    public VariableIdentity? Socket { get; }

    public IArgumentOperation? LevelArgument { get; }

    public IArgumentOperation? OptionArgument { get; }

    public IArgumentOperation? ValueArgument { get; }

    public IArgumentOperation? LengthArgument { get; }

    public int FixedLevel { get; }

    public int FixedName { get; }

    /// <summary>The call's kernel verb for messages.</summary>
    public string Verb => IsSet ? "setsockopt" : "getsockopt";

    /// <summary>
    /// The option the call names: the constant's [SocketOption], the level and number when both are
    /// constants (a project's own <c>const int PACKET_VERSION = 10</c>), or the wrapper's fixed option.
    /// </summary>
    public SocketOptionInfo? Option(NetDropSymbols symbols, System.Func<SocketSpecIndex> index)
    {
        if (OptionArgument is not null)
        {
            if (OptionArgument.Value.ConstantField() is { } field && SocketOptionInfo.TryCreate(field, symbols) is { } named)
            {
                return named;
            }

            return OptionArgument.Value.IntegralConstant() is long number && LevelArgument?.Value.IntegralConstant() is long level
                && number is >= 0 and <= int.MaxValue && level is >= 0 and <= int.MaxValue
                ? index().Option((int)level, (int)number)
                : null;
        }

        return FixedName >= 0 ? index().Option(FixedLevel, FixedName) : null;
    }

    /// <summary>The call, when the invocation is one; else null. Cheap to ask of any invocation.</summary>
    public static SocketOptionCall? TryCreate(IInvocationOperation invocation, NetDropSymbols symbols)
    {
        IMethodSymbol method = invocation.TargetMethod;
        string name = method.Name;
        if (string.Equals(name, "setsockopt", System.StringComparison.OrdinalIgnoreCase) || string.Equals(name, "getsockopt", System.StringComparison.OrdinalIgnoreCase))
        {
            if (method.Parameters.Length < 5 || !IsIntegral(method.Parameters[1].Type) || !IsIntegral(method.Parameters[2].Type))
            {
                return null;
            }

            return new SocketOptionCall(
                invocation,
                char.ToLowerInvariant(name[0]) == 's',
                Positional(invocation, 0)?.Value.Identity() ?? VariableIdentity.Unknown,
                Positional(invocation, 1),
                Positional(invocation, 2),
                Positional(invocation, 3),
                Positional(invocation, 4),
                -1,
                -1);
        }

        if (name is "SetRawSocketOption" or "GetRawSocketOption" && method.ContainingType?.ToDisplayString() == "System.Net.Sockets.Socket" && method.Parameters.Length == 3)
        {
            return new SocketOptionCall(
                invocation,
                name[0] == 'S',
                invocation.Instance.Identity() ?? VariableIdentity.Unknown,
                Positional(invocation, 0),
                Positional(invocation, 1),
                Positional(invocation, 2),
                null,
                -1,
                -1);
        }

        // Wrappers say what they are; only methods with attributes pay for reading them.
        if (symbols.SocketOptionSetter is null || method.OriginalDefinition.GetAttributes().IsEmpty)
        {
            return null;
        }

        bool isSet = true;
        AttributeData? accessor = NetDropSymbols.Find(method.OriginalDefinition, symbols.SocketOptionSetter);
        if (accessor is null)
        {
            isSet = false;
            accessor = NetDropSymbols.Find(method.OriginalDefinition, symbols.SocketOptionGetter);
        }

        if (accessor is null)
        {
            return null;
        }

        string? optionParameter = null;
        string? valueParameter = null;
        int level = -1;
        int number = -1;
        var arguments = accessor.ConstructorArguments;
        if (arguments.Length == 2)
        {
            optionParameter = arguments[0].Value as string;
            valueParameter = arguments[1].Value as string;
        }
        else if (arguments.Length == 3 && arguments[0].Value is int l && arguments[1].Value is int n)
        {
            level = l;
            number = n;
            valueParameter = arguments[2].Value as string;
        }

        string? socketParameter = NetDropSymbols.Named(accessor, "SocketParameter")?.Value as string;
        string? lengthParameter = NetDropSymbols.Named(accessor, "LengthParameter")?.Value as string;
        string? levelParameter = NetDropSymbols.Named(accessor, "LevelParameter")?.Value as string;
        VariableIdentity? socket = method.IsStatic
            ? socketParameter is null ? null : invocation.ArgumentFor(socketParameter)?.Value.Identity() ?? VariableIdentity.Unknown
            : invocation.Instance.Identity() ?? VariableIdentity.Unknown;
        return new SocketOptionCall(
            invocation,
            isSet,
            socket,
            invocation.ArgumentFor(levelParameter),
            invocation.ArgumentFor(optionParameter),
            invocation.ArgumentFor(valueParameter),
            invocation.ArgumentFor(lengthParameter),
            level,
            number);
    }

    /// <summary>
    /// A call of a helper in the same file that passes its own parameters on as the option and the value
    /// of one socket-option call (<c>static void SetOpt&lt;T&gt;(ISocketOptions s, int name, T value) =&gt;
    /// s.SetOption(SOL_PACKET, name, "option", value)</c>): the helper's call is checked as that call.
    /// </summary>
    public static SocketOptionCall? TryCreateThroughHelper(IInvocationOperation invocation, NetDropSymbols symbols)
    {
        IMethodSymbol helper = invocation.TargetMethod.OriginalDefinition;
        if (invocation.SemanticModel is not { } model || helper.DeclaringSyntaxReferences.Length != 1
            || helper.DeclaringSyntaxReferences[0].SyntaxTree != invocation.Syntax.SyntaxTree
            || model.GetOperation(helper.DeclaringSyntaxReferences[0].GetSyntax()) is not { } body)
        {
            return null;
        }

        SocketOptionCall? inner = null;
        foreach (IOperation operation in body.Descendants())
        {
            if (operation is IInvocationOperation call && TryCreate(call, symbols) is { } found)
            {
                if (inner is not null)
                {
                    return null;
                }

                inner = found;
            }
        }

        if (inner is null || Parameter(inner.OptionArgument) is not { } option || Parameter(inner.ValueArgument) is not { } value)
        {
            return null;
        }

        IArgumentOperation? level = Parameter(inner.LevelArgument) is { } levelParameter ? invocation.ArgumentFor(levelParameter.Name) : inner.LevelArgument;
        IArgumentOperation? socketArgument = inner.Invocation.Instance is { } instance && Parameter(instance) is { } socketParameter ? invocation.ArgumentFor(socketParameter.Name)
            : inner.Invocation.Arguments.Length > 0 && inner.Invocation.TargetMethod.IsStatic && Parameter(inner.Invocation.Arguments[0]) is { } fd ? invocation.ArgumentFor(fd.Name) : null;
        return new SocketOptionCall(
            invocation,
            inner.IsSet,
            socketArgument?.Value.Identity() ?? VariableIdentity.Unknown,
            level,
            invocation.ArgumentFor(option.Name),
            invocation.ArgumentFor(value.Name),
            null,
            -1,
            -1);
    }

    private static IParameterSymbol? Parameter(IOperation? operation)
    {
        IOperation? value = operation is IArgumentOperation argument ? argument.Value : operation;
        value = value?.WithoutConversions();
        if (value is IAddressOfOperation address)
        {
            value = address.Reference;
        }

        return value is IParameterReferenceOperation reference ? reference.Parameter : null;
    }

    /// <summary>True when the two calls are on the same socket as far as the method shows.</summary>
    public bool SameSocket(SocketOptionCall other) =>
        Socket is null ? other.Socket is null : Socket.Equals(other.Socket);

    private static IArgumentOperation? Positional(IInvocationOperation invocation, int ordinal)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument;
            }
        }

        return null;
    }

    private static bool IsIntegral(ITypeSymbol type) => type.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32
        or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Int16 or SpecialType.System_UInt16;
}
