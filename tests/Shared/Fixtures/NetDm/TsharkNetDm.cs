using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NetDrop.Tests.Capture;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// Reads the per-frame "Linux net_dm (network drop monitor) protocol" sections of a "tshark -V" decode:
/// the attributes at indent 4 and everything printed under them. The section ends at the next line
/// that is not indented (the next protocol, a blank line or the next frame).
/// </summary>
internal static class TsharkNetDm
{
    private const string SectionTitle = "Linux net_dm (network drop monitor) protocol";

    /// <summary>The net_dm attributes of each frame that has a net_dm section, by frame number.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<TsharkNetDmAttribute>> Load(string captureName) =>
        Parse(File.ReadAllLines(TestCaptures.TsharkPath(captureName)));

    public static IReadOnlyDictionary<int, IReadOnlyList<TsharkNetDmAttribute>> Parse(IReadOnlyList<string> lines)
    {
        var frames = new Dictionary<int, IReadOnlyList<TsharkNetDmAttribute>>();
        int frame = 0;
        List<TsharkNetDmAttribute>? section = null;
        TsharkNetDmAttribute? attribute = null;

        foreach (string line in lines)
        {
            int indent = Indent(line);
            if (section is not null)
            {
                if (indent == 0)
                {
                    section = null;
                    attribute = null;
                }
                else if (indent == 4)
                {
                    if (!line.AsSpan(4).StartsWith("Attribute", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"tshark frame {frame}: unexpected line in the net_dm section: {line}");
                    }

                    attribute = new TsharkNetDmAttribute { Frame = frame };
                    section.Add(attribute);
                    continue;
                }
                else
                {
                    string text = line.Trim();
                    if (indent == 8 && text.StartsWith("Len: ", StringComparison.Ordinal))
                    {
                        attribute!.Length = int.Parse(text["Len: ".Length..], CultureInfo.InvariantCulture);
                    }
                    else if (indent == 8 && text.StartsWith("Type: 0x", StringComparison.Ordinal))
                    {
                        // "Type: 0x8004, Nested, Input port (4)" or, for an attribute it does not know, "Type: 0x0017".
                        string hex = text["Type: 0x".Length..].Split(',')[0];
                        attribute!.RawType = ushort.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    }

                    attribute!.Add(indent, text);
                    continue;
                }
            }

            if (line.StartsWith("Frame ", StringComparison.Ordinal) && line.Contains(" bytes on wire", StringComparison.Ordinal))
            {
                frame = int.Parse(line.Split(' ')[1].TrimEnd(':'), CultureInfo.InvariantCulture);
            }
            else if (line == SectionTitle)
            {
                section = new List<TsharkNetDmAttribute>();
                frames.Add(frame, section);
            }
        }

        return frames;
    }

    private static int Indent(string line)
    {
        int i = 0;
        while (i < line.Length && line[i] == ' ')
        {
            i++;
        }

        return i;
    }
}
