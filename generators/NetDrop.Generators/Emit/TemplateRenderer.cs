using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Text;
using Scriban;
using Scriban.Runtime;

namespace NetDrop.Generators.Emit;

/// <summary>
/// Renders the Scriban templates embedded beside the emitter (Emit/Templates/*.scriban). A template
/// is parsed once per process and shared; a TemplateContext is not thread-safe and the compiler runs
/// generators in parallel, so each thread renders with a context of its own.
/// </summary>
internal static class TemplateRenderer
{
    private const string ResourcePrefix = "NetDrop.Generators.Emit.Templates.";

    private static readonly ConcurrentDictionary<string, Lazy<Template>> Parsed = new(StringComparer.Ordinal);

    /// <summary>
    /// One context per thread, reused: it caches how to read each view type's members, which is most of
    /// the cost of a render when it is built anew. Renders on one thread never overlap.
    /// </summary>
    [ThreadStatic]
    private static TemplateContext? _context;

    /// <summary>Renders template <paramref name="name"/> (Definitions for Definitions.scriban) over a view model.</summary>
    public static string Render(string name, object view)
    {
        Template template = Parsed.GetOrAdd(name, static key => new Lazy<Template>(() => Load(key))).Value;

        // Templates see the view's C# property names as written (no snake_case renaming).
        var globals = new ScriptObject();
        globals.Import(view, renamer: static member => member.Name);
        TemplateContext context = _context ??= CreateContext();
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        finally
        {
            context.PopGlobal();
        }
    }

    private static TemplateContext CreateContext()
    {
        // No builtin functions (string., array., date. …): templates only loop and branch over the
        // view, and building Scriban's builtins for every context costs more than a render.
        var context = new TemplateContext(new ScriptObject())
        {
            StrictVariables = true,
            MemberRenamer = static member => member.Name,
            // Scriban stops a loop at 1000 iterations by default; a spec's enum or attribute set can
            // be longer (the drop reasons are about 130, YNL families have sets of hundreds), and
            // the loops run over a model already parsed and bounded, so they are not limited here.
            LoopLimit = 0,
            RecursiveLimit = 32,
            NewLine = "\n",
        };
        context.PushCulture(CultureInfo.InvariantCulture);
        return context;
    }

    private static Template Load(string name)
    {
        using Stream? stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".scriban");
        if (stream is null)
        {
            throw new InvalidOperationException($"The generator has no template {name}.scriban.");
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);

        // Generated code has "\n" newlines whatever the template file was saved with.
        string text = reader.ReadToEnd().Replace("\r\n", "\n").Replace('\r', '\n');
        Template template = Template.Parse(text, name + ".scriban");
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"Template {name}.scriban does not parse: {template.Messages}");
        }

        return template;
    }
}
