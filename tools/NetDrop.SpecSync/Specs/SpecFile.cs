using System;
using System.Collections.Generic;
using System.IO;
using NetDrop.SpecSync.Kernel;

namespace NetDrop.SpecSync.Specs;

/// <summary>
/// One spec being synced: its text, its outline, and the edits sync makes to it. Nothing is written
/// until <see cref="Save"/>, so an error halfway leaves the file as it was.
/// </summary>
internal sealed class SpecFile
{
    private SpecFile(string path, string text, YamlMappingOutline root)
    {
        Path = path;
        Text = text;
        Root = root;
    }

    public string Path { get; }

    public string Text { get; }

    public YamlMappingOutline Root { get; }

    public TextEdits Edits { get; } = new();

    /// <summary>The spec's name (NET_DM, af_packet, drop_reasons).</summary>
    public string? Name => Root.String("name");

    public string FileName => System.IO.Path.GetFileName(Path);

    public static SpecFile Load(string path)
    {
        string text;
        try
        {
            text = SpecSyncHost.ReadText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new SpecFormatException(path, 0, "cannot be read: " + exception.Message);
        }

        return Parse(path, text);
    }

    public static SpecFile Parse(string path, string text) =>
        new(path, text, YamlOutline.Parse(text, path) as YamlMappingOutline ?? throw new SpecFormatException(path, 1, "is not a YAML mapping"));

    public int LineOf(int offset) => YamlText.Line(Text, offset);

    public SpecFormatException Error(YamlOutline? at, string problem) => new(Path, at is null ? 0 : LineOf(at.Start), problem);

    /// <summary>The text after all edits.</summary>
    public string Updated() => Edits.ApplyTo(Text);

    public bool Changed => Edits.Count > 0 && Updated() != Text;

    public void Save() => SpecSyncHost.ReplaceText(Path, Updated());

    /// <summary>The kernels the spec was synced with (the root <c>kernels</c> list).</summary>
    public SortedSet<KernelVersion> Kernels()
    {
        var set = new SortedSet<KernelVersion>();
        if (Root["kernels"] is YamlSequenceOutline list)
        {
            foreach (YamlOutline item in list.Items)
            {
                if (item is not YamlScalarOutline scalar || !KernelVersion.TryParse(scalar.Value, out KernelVersion version))
                {
                    throw Error(item, "kernels must list kernel versions, as in [ \"6.1\", \"6.18\" ]");
                }

                set.Add(version);
            }
        }
        else if (Root["kernels"] is { } other)
        {
            throw Error(other, "kernels must list kernel versions, as in [ \"6.1\", \"6.18\" ]");
        }

        return set;
    }

    /// <summary>Adds <paramref name="version"/> to the root <c>kernels</c> list (after <c>protocol</c> or <c>name</c> when new).</summary>
    public void RecordKernel(KernelVersion version)
    {
        SortedSet<KernelVersion> kernels = Kernels();
        if (!kernels.Add(version))
        {
            return;
        }

        string value = YamlText.KernelList(kernels);
        if (Root["kernels"] is { } existing)
        {
            Edits.Replace(existing.Start, existing.End, value);
            return;
        }

        YamlOutline after = Root["protocol"] ?? Root["name"] ?? throw Error(Root, "has no name");
        Edits.Insert(TextEdits.LineEnd(Text, after.End), "kernels: " + value + "\n");
    }

    /// <summary>Sets an entry's <c>kernels</c> map, replacing the old value or adding the key after <c>name</c>.</summary>
    public void SetKernelMap(YamlMappingOutline entry, SortedDictionary<KernelVersion, long> kernels)
    {
        string value = YamlText.KernelMap(kernels);
        if (entry["kernels"] is { } existing)
        {
            Edits.Replace(existing.Start, existing.End, value);
            return;
        }

        YamlScalarOutline name = entry.KeyNode("name") ?? throw Error(entry, "an entry without a name");
        Edits.Insert(TextEdits.LineEnd(Text, entry["name"]!.End), new string(' ', name.Column) + "kernels: " + value + "\n");
    }

    /// <summary>Adds a <c>key: value</c> line to an entry, after its last key.</summary>
    public void AddKey(YamlMappingOutline entry, string key, string value)
    {
        YamlScalarOutline name = entry.KeyNode("name") ?? throw Error(entry, "an entry without a name");
        Edits.Insert(TextEdits.LineEnd(Text, entry.End), YamlText.Scalar(key, value, new string(' ', name.Column)));
    }

    /// <summary>Appends items (already indented YAML text) after the last item of a block sequence.</summary>
    public void Append(YamlSequenceOutline sequence, string items) => Edits.Insert(TextEdits.LineEnd(Text, sequence.End), items);

    /// <summary>The column of the dash of a block sequence's items.</summary>
    public int DashColumn(YamlSequenceOutline sequence)
    {
        if (sequence.Items.Count == 0)
        {
            return sequence.Column;
        }

        int start = sequence.Items[0].Start;
        int lineStart = Text.LastIndexOf('\n', start - 1) + 1;
        int dash = Text.IndexOf('-', lineStart);
        if (dash >= 0 && dash < start)
        {
            return dash - lineStart;
        }

        // "-\n  name: x": the dash is on the line before the item's first key.
        int previousLine = Text.LastIndexOf('\n', lineStart - 2) + 1;
        dash = Text.IndexOf('-', previousLine);
        return dash >= 0 && dash < lineStart ? dash - previousLine : sequence.Items[0].Column - 2;
    }
}
