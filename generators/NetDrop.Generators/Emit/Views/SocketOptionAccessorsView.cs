using System.Collections.Generic;
using NetDrop.Generators.Model;
using static NetDrop.Generators.Emit.CSharpText;

namespace NetDrop.Generators.Emit.Views;

/// <summary>
/// netdrop-socket specs: typed accessors over ISocketOptions, one per option, value type and direction,
/// so user code never writes an option number, a level or a buffer size by hand (SocketOptionAccessors.scriban).
/// </summary>
internal sealed record SocketOptionAccessorsView(string GeneratedCode, string TypePrefix, AccessorView[] Accessors)
{
    public static object From(SpecModel spec)
    {
        var accessors = new List<AccessorView>();
        foreach (SocketOptionModel option in spec.SocketOptions)
        {
            foreach (Accessor accessor in AccessorsOf(option))
            {
                accessors.Add(View(option, accessor));
            }
        }

        return new SocketOptionAccessorsView(CSharpText.GeneratedCode, spec.TypePrefix, accessors.ToArray());
    }

    private static AccessorView View(SocketOptionModel option, Accessor accessor)
    {
        string versionNote = accessor.VersionName is null ? string.Empty : $" On {accessor.VersionName} sockets.";
        string verb = accessor.IsSet ? "Sets" : "Reads";

        // getsockopt reads the caller's value first (value-in): the getter takes it as input, else the kernel sees zero.
        bool valueIn = !accessor.IsSet && option.ValueIn;
        string inNote = valueIn ? " The kernel reads input first and answers for it." : string.Empty;
        string line = DocText.Xml($"{verb} {option.CName} ({accessor.Type.SpecType}).{versionNote}{inNote}")!;

        // No fixed size (binary): bytes the caller provides.
        string kind = accessor.Type.Size < 0 ? "Bytes" : accessor.IsSet ? "Set" : valueIn ? "GetIn" : "Get";
        return new AccessorView(
            kind,
            DocText.Summary(DocText.Xml(option.Doc) is { } doc ? line + " " + doc : line),
            accessor.IsSet ? "SocketOptionSetter" : "SocketOptionGetter",
            (accessor.IsSet ? "Set" : "Get") + option.MemberName,
            TypeName(accessor.Type.CSharpType),
            !IsScalar(accessor.Type),
            Invariant(option.Level),
            Invariant(option.Value),
            CSharpLiteral.Quote(option.CName));
    }

    /// <summary>The accessors of one option: its plain set and get types, then each version's own type.</summary>
    private static IEnumerable<Accessor> AccessorsOf(SocketOptionModel option)
    {
        var seen = new HashSet<(bool, string)>();
        if (option.SetValueType is not null && seen.Add((true, option.SetValueType.CSharpType)))
        {
            yield return new Accessor(true, option.SetValueType, null);
        }

        // Getters of variable-size values would need a length protocol per option; none is specified.
        if (option.GetValueType is not null && option.GetValueType.Size >= 0 && seen.Add((false, option.GetValueType.CSharpType)))
        {
            yield return new Accessor(false, option.GetValueType, null);
        }

        foreach (VersionedValueTypeModel versioned in option.ByVersion)
        {
            bool isSet = !versioned.Get;
            if ((isSet ? option.SetValueType : option.GetValueType) is null || (!isSet && versioned.Type.Size < 0))
            {
                continue;
            }

            if (seen.Add((isSet, versioned.Type.CSharpType)))
            {
                yield return new Accessor(isSet, versioned.Type, versioned.VersionName);
            }
        }
    }

    private static bool IsScalar(ValueTypeModel type) => type.CSharpType is "int" or "uint" or "long" or "ulong" or "short" or "ushort" or "byte" or "sbyte";

    private sealed record Accessor(bool IsSet, ValueTypeModel Type, string? VersionName);
}

/// <param name="Kind">Set, Get, GetIn (a getter that passes an input in), or Bytes (a value of no fixed size, set from the caller's bytes).</param>
/// <param name="ByReference">A struct value, passed with in rather than copied.</param>
internal sealed record AccessorView(string Kind, string[] Summary, string Attribute, string Name, string Type, bool ByReference, string Level, string Value, string Literal);
