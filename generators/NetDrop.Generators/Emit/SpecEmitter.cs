using System;
using System.Collections.Generic;
using NetDrop.Generators.Emit.Views;
using NetDrop.Generators.Model;

namespace NetDrop.Generators.Emit;

/// <summary>
/// Writes the C# for one spec model: one file per concern (definitions, structs, attributes,
/// sub-messages, family and requests, client, socket options and their accessors), each self-contained, each from its
/// template in Emit/Templates. Emission reads only the model, never Roslyn symbols.
/// </summary>
internal static class SpecEmitter
{
    /// <summary>The generated files of one spec, as (hint name, source) pairs.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Emit(SpecModel spec)
    {
        var files = new List<KeyValuePair<string, string>>();
        string stem = System.IO.Path.GetFileNameWithoutExtension(spec.FileName);
        AddFile(files, spec, stem + ".Definitions.g.cs", spec.Enums.Count + spec.Consts.Count > 0, "Definitions", DefinitionsView.From);
        AddFile(files, spec, stem + ".Structs.g.cs", spec.Structs.Count > 0, "Structs", StructsView.From);
        AddFile(files, spec, stem + ".Attributes.g.cs", spec.AttributeSets.Count > 0, "Attributes", AttributesView.From);
        AddFile(files, spec, stem + ".SubMessages.g.cs", spec.SubMessages.Count > 0, "SubMessages", SubMessagesView.From);
        AddFile(files, spec, stem + ".Family.g.cs", spec.IsNetlink, "Family", FamilyView.From);
        AddFile(files, spec, stem + ".Client.g.cs", ClientView.HasClient(spec), "Client", ClientView.From);
        AddFile(files, spec, stem + ".SocketOptions.g.cs", spec.SocketOptions.Count + spec.ControlMessages.Count + spec.Levels.Count > 0, "SocketOptions", SocketOptionsView.From);
        AddFile(files, spec, stem + ".SocketOptionAccessors.g.cs", spec.SocketOptions.Count > 0, "SocketOptionAccessors", SocketOptionAccessorsView.From);
        return files;
    }

    private static void AddFile(List<KeyValuePair<string, string>> files, SpecModel spec, string hintName, bool hasContent, string template, Func<SpecModel, object> view)
    {
        if (!hasContent)
        {
            return;
        }

        string header = TemplateRenderer.Render("Header", new HeaderView(DocText.OneLine(spec.FileName), spec.Namespace));
        files.Add(new KeyValuePair<string, string>(hintName, header + TemplateRenderer.Render(template, view(spec))));
    }
}
