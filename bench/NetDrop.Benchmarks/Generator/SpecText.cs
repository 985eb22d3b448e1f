using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NetDrop.Benchmarks.Generator;

/// <summary>A spec file held in memory, handed to the generator as an AdditionalFiles item.</summary>
internal sealed class SpecText : AdditionalText
{
    private readonly SourceText _text;

    public SpecText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
