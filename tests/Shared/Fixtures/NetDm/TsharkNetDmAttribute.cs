using System;
using System.Collections.Generic;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// One top-level attribute of tshark's "Linux net_dm" section: its Len and Type lines and every line
/// under it (nested attributes and a dissected payload included), as printed.
/// </summary>
internal sealed class TsharkNetDmAttribute
{
    private const ushort FlagMask = 0xC000; // NLA_F_NESTED | NLA_F_NET_BYTEORDER

    private readonly List<(int Indent, string Text)> _lines = new();

    public int Frame { get; init; }

    /// <summary>"Len: 59": nla_len, header included.</summary>
    public int Length { get; set; } = -1;

    /// <summary>"Type: 0x8004, Nested, Input port (4)": nla_type as sent, flags included.</summary>
    public ushort RawType { get; set; }

    public ushort Type => (ushort)(RawType & ~FlagMask);

    public IReadOnlyList<(int Indent, string Text)> Lines => _lines;

    public void Add(int indent, string text) => _lines.Add((indent, text));

    /// <summary>The text after "<paramref name="key"/>: " on the first line under this attribute that has it.</summary>
    public string Value(string key)
    {
        string prefix = key + ": ";
        foreach ((int _, string text) in _lines)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return text[prefix.Length..];
            }
        }

        throw new InvalidOperationException($"tshark frame {Frame}: attribute type {Type} has no \"{key}:\" line");
    }
}
