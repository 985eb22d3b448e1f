using System;
using System.IO;
using System.Text;

namespace NetDrop.Tests.Output;

/// <summary>The one escaping function every text output goes through.</summary>
public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("\u001b", "\\x1b")]
    [InlineData("\u0007", "\\x07")]
    [InlineData("\n", "\\x0a")]
    [InlineData("\t", "\\x09")]
    [InlineData("\r", "\\x0d")]
    [InlineData("\u0000", "\\x00")]
    [InlineData("\u007f", "\\x7f")]
    [InlineData("\u0085", "\\x85")]
    [InlineData("\u009b", "\\x9b")]
    [InlineData("\u061c", "\\u{061c}")]
    [InlineData("\u200e", "\\u{200e}")]
    [InlineData("\u200f", "\\u{200f}")]
    [InlineData("\u2028", "\\u{2028}")]
    [InlineData("\u2029", "\\u{2029}")]
    [InlineData("\u202a", "\\u{202a}")]
    [InlineData("\u202e", "\\u{202e}")]
    [InlineData("\u2066", "\\u{2066}")]
    [InlineData("\u2069", "\\u{2069}")]
    public void Each_unsafe_character_becomes_a_visible_escape(string raw, string escaped)
    {
        Assert.Equal("a" + escaped + "b", TerminalText.Escape("a" + raw + "b"));
    }

    [Theory]
    [InlineData("__udp4_lib_rcv+0x4bc/0x5e0 [udp]")]
    [InlineData("veth-b")]
    [InlineData("grüße \\ 名前 \u00a0 \u00a1 \u202f \u2070")]
    public void Clean_text_is_returned_as_it_is_without_a_copy(string text)
    {
        Assert.Same(text, TerminalText.Escape(text));
        Assert.False(TerminalText.NeedsEscaping(text));
    }

    [Fact]
    public void An_attack_leaves_no_raw_sequence_and_keeps_the_text_readable()
    {
        string escaped = TerminalText.Escape(HostileStrings.Sequences);

        Assert.Equal(-1, escaped.IndexOfAny(HostileStrings.Forbidden));
        Assert.Equal("ok\\x1b]0;pwned\\x07\\x1b[2J\\x1b]52;c;ZWNobyBoaQ==\\x07\\x9b31m\\u{202e}evil\\x0dfake line\\u{2028}\\u{2066}x\\u{2069}\\x85\\x7f", escaped);
    }

    [Fact]
    public void Append_and_Write_give_what_Escape_gives()
    {
        var builder = new StringBuilder("<");
        TerminalText.Append(builder, HostileStrings.Sequences).Append('>');
        using var writer = new StringWriter();
        TerminalText.Write(writer, HostileStrings.Sequences);

        Assert.Equal("<" + TerminalText.Escape(HostileStrings.Sequences) + ">", builder.ToString());
        Assert.Equal(TerminalText.Escape(HostileStrings.Sequences), writer.ToString());
    }

    [Fact]
    public void Writing_allocates_nothing_for_clean_or_hostile_text()
    {
        using var writer = new StringWriter(new StringBuilder(1 << 16));
        string clean = "nft_do_chain [nf_tables]";
        TerminalText.Write(writer, clean);
        TerminalText.Write(writer, HostileStrings.Sequences);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            TerminalText.Write(writer, clean);
            TerminalText.Write(writer, HostileStrings.Sequences);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
