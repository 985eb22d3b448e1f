using System.Collections.Generic;
using NetDrop.Generators.Model;
using static NetDrop.Generators.Emit.CSharpText;

namespace NetDrop.Generators.Emit.Views;

/// <summary>netdrop-socket specs: socket levels, socket options with their value types, control messages (SocketOptions.scriban).</summary>
internal sealed record SocketOptionsView(
    string GeneratedCode,
    string TypePrefix,
    bool HasLevels,
    ConstView[] Levels,
    bool HasOptions,
    SocketOptionView[] Options,
    bool HasControlMessages,
    ControlMessageView[] ControlMessages)
{
    public static object From(SpecModel spec)
    {
        var levels = new List<ConstView>();
        foreach (ConstModel level in spec.Levels)
        {
            levels.Add(new ConstView(DocText.Summary(DocText.Xml(level.Doc)), "int", level.CName, Invariant(level.Value)));
        }

        var options = new List<SocketOptionView>();
        foreach (SocketOptionModel option in spec.SocketOptions)
        {
            var versions = new List<string>();
            foreach (VersionedValueTypeModel versioned in option.ByVersion)
            {
                versions.Add($"[global::NetDrop.Metadata.SocketOptionVersion({Invariant(versioned.Version)}, {(versioned.Get ? "true" : "false")}, typeof({TypeName(versioned.Type.CSharpType)}), {Invariant(versioned.Type.Size)}, VersionName = {CSharpLiteral.Quote(versioned.VersionName)})]");
            }

            options.Add(new SocketOptionView(
                DocText.Summary(DocText.Join(DocText.Xml(option.Doc), OptionTypesNote(option))),
                $"[global::NetDrop.Metadata.SocketOption({Invariant(option.Level)}, {Invariant(option.Value)}{OptionTypeArguments(option)})]",
                versions.ToArray(),
                option.CName,
                Invariant(option.Value)));
        }

        var messages = new List<ControlMessageView>();
        foreach (ControlMessageModel message in spec.ControlMessages)
        {
            messages.Add(new ControlMessageView(
                DocText.Summary(DocText.Join(DocText.Xml(message.Doc), $"Level {Invariant(message.Level)}; payload {message.Payload.SpecType}, {Invariant(message.Payload.Size)} bytes.")),
                $"[global::NetDrop.Metadata.ControlMessage({Invariant(message.Level)}, {Invariant(message.Type)}, typeof({TypeName(message.Payload.CSharpType)}), {Invariant(message.Payload.Size)})]",
                message.CName,
                Invariant(message.Type),
                Invariant(message.Payload.Size)));
        }

        return new SocketOptionsView(
            CSharpText.GeneratedCode,
            spec.TypePrefix,
            levels.Count > 0,
            levels.ToArray(),
            options.Count > 0,
            options.ToArray(),
            messages.Count > 0,
            messages.ToArray());
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

        // The ring facts the order analyzer (ND1009) reads; absent when false, so other options' metadata is unchanged.
        if (option.CreatesRing)
        {
            arguments += ", CreatesRing = true";
        }

        if (option.MustPrecedeRing)
        {
            arguments += ", MustPrecedeRing = true";
        }

        if (option.SelectsRingLayout)
        {
            arguments += ", SelectsRingLayout = true";
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

/// <param name="Metadata">The SocketOption attribute with the value types and sizes the analyzers check.</param>
/// <param name="Versions">A SocketOptionVersion attribute per socket version with its own value type.</param>
internal sealed record SocketOptionView(string[] Summary, string Metadata, string[] Versions, string CName, string Value);

internal sealed record ControlMessageView(string[] Summary, string Metadata, string CName, string Type, string PayloadSize);
