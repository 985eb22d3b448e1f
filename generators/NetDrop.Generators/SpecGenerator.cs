using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Emit;
using NetDrop.Generators.Model;
using NetDrop.Generators.Parsing;
using NetDrop.Ynl;

namespace NetDrop.Generators;

/// <summary>
/// Generates C# from NetDrop spec files (AdditionalFiles ending in .yaml or .yml): kernel enums and
/// structs, zero-allocation netlink attribute views and writers, request builders, socket options.
/// </summary>
/// <remarks>
/// Source and diagnostics are separate outputs, so a spec error that moves does not regenerate code
/// and a code change does not re-report. Every step is tracked by name for the incremental tests.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class SpecGenerator : IIncrementalGenerator
{
    public const string DefaultNamespace = "NetDrop.Specs";

    internal static class TrackingNames
    {
        public const string Files = nameof(Files);
        public const string Parse = nameof(Parse);
        public const string Models = nameof(Models);
        public const string Diagnostics = nameof(Diagnostics);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<SpecFile> files = context.AdditionalTextsProvider
            .Where(static file => IsYaml(file.Path))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ReadSpecFile(pair.Left, pair.Right, cancellationToken))
            .Where(static file => file is not null)
            .Select(static (file, _) => file!)
            .WithTrackingName(TrackingNames.Files);

        IncrementalValuesProvider<SpecParseResult> results = files
            .Select(static (file, _) => SpecParser.Parse(file.Path, file.Text, file.Namespace))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<SpecModel> models = results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(models, static (production, model) =>
        {
            foreach (KeyValuePair<string, string> file in SpecEmitter.Emit(model))
            {
                production.AddSource(file.Key, SourceText.From(file.Value, System.Text.Encoding.UTF8));
            }
        });

        context.RegisterSourceOutput(diagnostics, static (production, list) =>
        {
            foreach (DiagnosticInfo diagnostic in list)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
    }

    private static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A YAML file is a spec when the project gives it a NetDropNamespace, or when it declares a
    /// protocol NetDrop knows; other YAML files in a project are none of the generator's business.
    /// </summary>
    private static SpecFile? ReadSpecFile(AdditionalText file, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        SourceText? text = file.GetText(cancellationToken);
        if (text is null)
        {
            return null;
        }

        string content = text.ToString();
        options.GetOptions(file).TryGetValue("build_metadata.AdditionalFiles.NetDropNamespace", out string? ns);
        if (string.IsNullOrWhiteSpace(ns))
        {
            if (!DeclaresKnownProtocol(content))
            {
                return null;
            }

            ns = DefaultNamespace;
        }

        return new SpecFile(file.Path, content, ns!.Trim());
    }

    private static bool DeclaresKnownProtocol(string content)
    {
        using var reader = new StringReader(content);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.StartsWith("protocol:", StringComparison.Ordinal))
            {
                string value = line.Substring("protocol:".Length).Trim();
                return YnlProtocols.IsClaimed(value);
            }
        }

        return false;
    }
}

/// <summary>One spec file's path, text and target namespace: plain data, cheap to compare.</summary>
internal sealed record SpecFile(string Path, string Text, string Namespace);
