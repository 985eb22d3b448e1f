using NetDrop.Generators.Model;

namespace NetDrop.Generators.Emit;

// netdrop-socket specs: socket levels, socket options with their value types, control messages.
internal sealed partial class SpecEmitter
{
    private void WriteSocketSpec(SourceWriter w)
    {
        string prefix = _spec.TypePrefix;
        if (_spec.Levels.Count > 0)
        {
            w.WriteSummary("Socket levels (the level argument of setsockopt and cmsg_level).");
            w.WriteLine(GeneratedCode);
            w.OpenBlock($"public static partial class {prefix}SocketLevels");
            foreach (ConstModel level in _spec.Levels)
            {
                w.WriteSummary(Xml(level.Doc));
                w.WriteLine($"public const int {level.CName} = {Invariant(level.Value)};");
            }

            w.CloseBlock();
            w.WriteLine();
        }

        if (_spec.SocketOptions.Count > 0)
        {
            w.WriteSummary("Socket options, each with the value types the kernel takes (set) and gives (get), per the spec.");
            w.WriteLine(GeneratedCode);
            w.OpenBlock($"public static partial class {prefix}SocketOptions");
            bool first = true;
            foreach (SocketOptionModel option in _spec.SocketOptions)
            {
                if (!first)
                {
                    w.WriteLine();
                }

                first = false;
                w.WriteSummary(Join(Xml(option.Doc), OptionTypesNote(option)));
                w.WriteLine($"[global::NetDrop.Metadata.SocketOption({Invariant(option.Level)}, {Invariant(option.Value)}{OptionTypeArguments(option)})]");
                foreach (VersionedValueTypeModel versioned in option.ByVersion)
                {
                    w.WriteLine($"[global::NetDrop.Metadata.SocketOptionVersion({Invariant(versioned.Version)}, {(versioned.Get ? "true" : "false")}, typeof({TypeName(versioned.Type.CSharpType)}), {Invariant(versioned.Type.Size)}, VersionName = {Naming.Literal(versioned.VersionName)})]");
                }

                w.WriteLine($"public const int {option.CName} = {Invariant(option.Value)};");
            }

            w.CloseBlock();
            w.WriteLine();
        }

        if (_spec.ControlMessages.Count > 0)
        {
            w.WriteSummary("Control messages (cmsg_type values) a socket receives, each with its payload type and size.");
            w.WriteLine(GeneratedCode);
            w.OpenBlock($"public static partial class {prefix}ControlMessages");
            foreach (ControlMessageModel message in _spec.ControlMessages)
            {
                w.WriteSummary(Join(Xml(message.Doc), $"Level {Invariant(message.Level)}; payload {message.Payload.SpecType}, {Invariant(message.Payload.Size)} bytes."));
                w.WriteLine($"[global::NetDrop.Metadata.ControlMessage({Invariant(message.Level)}, {Invariant(message.Type)}, typeof({TypeName(message.Payload.CSharpType)}), {Invariant(message.Payload.Size)})]");
                w.WriteLine($"public const int {message.CName} = {Invariant(message.Type)};");
                w.WriteLine();
            }

            w.WriteSummary("Payload sizes in bytes (what CMSG_LEN is computed from), by control message.");
            w.OpenBlock("public static class PayloadSize");
            foreach (ControlMessageModel message in _spec.ControlMessages)
            {
                w.WriteLine($"public const int {message.CName} = {Invariant(message.Payload.Size)};");
            }

            w.CloseBlock();
            w.CloseBlock();
            w.WriteLine();
        }
    }

    private static string OptionTypeArguments(SocketOptionModel option)
    {
        string arguments = string.Empty;
        if (option.GetValueType is not null)
        {
            arguments += $", GetValueType = typeof({TypeName(option.GetValueType.CSharpType)}), GetSize = {Invariant(option.GetValueType.Size)}";
        }

        if (option.SetValueType is not null)
        {
            arguments += $", SetValueType = typeof({TypeName(option.SetValueType.CSharpType)}), SetSize = {Invariant(option.SetValueType.Size)}";
        }

        return arguments;
    }

    private static string OptionTypesNote(SocketOptionModel option)
    {
        string get = option.GetValueType is null ? "cannot be read" : "getsockopt gives " + option.GetValueType.SpecType;
        string set = option.SetValueType is null ? "cannot be written" : "setsockopt takes " + option.SetValueType.SpecType;
        string note = $"Value: {set}; {get}.";
        foreach (VersionedValueTypeModel versioned in option.ByVersion)
        {
            note += $" On {versioned.VersionName} sockets {(versioned.Get ? "getsockopt gives" : "setsockopt takes")} {versioned.Type.SpecType}.";
        }

        return note;
    }
}
