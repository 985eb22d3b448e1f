using System.Collections.Generic;
using NetDrop.Generators.Model;

namespace NetDrop.Generators.Emit;

// netdrop-socket specs: typed accessors over ISocketOptions, one per option, value type and direction,
// so user code never writes an option number, a level or a buffer size by hand.
internal sealed partial class SpecEmitter
{
    private const string SocketInterface = "global::NetDrop.Sockets.ISocketOptions";

    private void WriteSocketOptionAccessors(SourceWriter w)
    {
        string prefix = _spec.TypePrefix;
        w.WriteSummary($"Typed setters and getters for the options of {prefix}SocketOptions, on any socket that implements ISocketOptions. Each overload takes exactly the value type the spec gives the kernel, so a wrong type or size does not compile.");
        w.WriteLine(GeneratedCode);
        w.OpenBlock($"public static partial class {prefix}SocketOptionAccessors");
        bool first = true;
        foreach (SocketOptionModel option in _spec.SocketOptions)
        {
            foreach (Accessor accessor in Accessors(option))
            {
                if (!first)
                {
                    w.WriteLine();
                }

                first = false;
                WriteAccessor(w, option, accessor);
            }
        }

        w.CloseBlock();
    }

    private void WriteAccessor(SourceWriter w, SocketOptionModel option, Accessor accessor)
    {
        string name = (accessor.IsSet ? "Set" : "Get") + Naming.Pascal(option.SpecName);
        string type = TypeName(accessor.Type.CSharpType);
        string versionNote = accessor.VersionName is null ? string.Empty : $" On {accessor.VersionName} sockets.";
        string verb = accessor.IsSet ? "Sets" : "Reads";
        string line = Xml($"{verb} {option.CName} ({accessor.Type.SpecType}).{versionNote}")!;
        w.WriteSummary(Xml(option.Doc) is { } doc ? line + " " + doc : line);
        string attribute = accessor.IsSet ? "SocketOptionSetter" : "SocketOptionGetter";
        w.WriteLine($"[global::NetDrop.Metadata.{attribute}({Invariant(option.Level)}, {Invariant(option.Value)}, \"value\", SocketParameter = \"socket\")]");
        string parameter;
        string call;
        string literal = Naming.Literal(option.CName);
        if (accessor.Type.Size < 0)
        {
            // No fixed size (binary): bytes the caller provides.
            parameter = "global::System.ReadOnlySpan<byte> value";
            call = $"socket.SetOption({Invariant(option.Level)}, {Invariant(option.Value)}, {literal}, value)";
        }
        else if (accessor.IsSet)
        {
            parameter = IsScalar(accessor.Type) ? $"{type} value" : $"in {type} value";
            call = $"socket.SetOption<{type}>({Invariant(option.Level)}, {Invariant(option.Value)}, {literal}, {(IsScalar(accessor.Type) ? "value" : "in value")})";
        }
        else
        {
            parameter = $"out {type} value";
            call = $"socket.GetOption<{type}>({Invariant(option.Level)}, {Invariant(option.Value)}, {literal}, out value)";
        }

        w.WriteLine($"public static void {name}<TSocket>(this TSocket socket, {parameter})");
        w.WriteLine($"    where TSocket : {SocketInterface}");
        w.WriteLine($"    => {call};");
    }

    /// <summary>The accessors of one option: its plain set and get types, then each version's own type.</summary>
    private static IEnumerable<Accessor> Accessors(SocketOptionModel option)
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
