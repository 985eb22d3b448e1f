using System.IO;
using NetDrop.Cli.Specs;
using NetDrop.SpecSync.Headers;
using NetDrop.SpecSync.Kernel;

namespace NetDrop.Tests.Specs;

/// <summary>Headers NetDrop cannot read give an error that names the file and line, and no spec changes.</summary>
public sealed class MalformedHeaderTests
{
    [Fact]
    public void A_header_without_the_enum_names_the_file()
    {
        using var tree = new TemporaryTree();
        string path = tree.Write("include/net/dropreason.h", "/* SPDX-License-Identifier: GPL-2.0-or-later */\n#ifndef X\n#define X\nenum skb_drop_reason_subsys { SKB_DROP_REASON_SUBSYS_CORE };\n#endif\n");

        var error = Assert.Throws<HeaderFormatException>(() => KernelHeaders.Read(tree.Root, new KernelVersion(6, 3)));

        Assert.Equal(path, error.File);
        Assert.StartsWith(path + ": has no enum skb_drop_reason", error.Message);
    }

    [Fact]
    public void An_unterminated_comment_names_the_line_it_starts_on()
    {
        using var tree = new TemporaryTree();
        string path = tree.Write("include/net/dropreason.h", "enum skb_drop_reason {\n\tSKB_DROP_REASON_NOT_SPECIFIED,\n\t/** @SKB_DROP_REASON_NO_SOCKET: never closed\n\tSKB_DROP_REASON_NO_SOCKET,\n};\n");

        var error = Assert.Throws<HeaderFormatException>(() => KernelHeaders.Read(tree.Root, new KernelVersion(6, 3)));

        Assert.Equal((path, 3), (error.File, error.Line));
        Assert.Contains("unterminated comment", error.Message);
    }

    [Fact]
    public void A_macro_it_cannot_expand_names_the_define_and_leaves_the_specs_untouched()
    {
        using var tree = new TemporaryTree();
        string header = File.ReadAllText(Path.Combine(SpecSyncFiles.Headers61, "include/uapi/linux/if_packet.h"))
            .Replace("#define PACKET_RX_RING\t\t\t5", "#define PACKET_RX_RING\t\t\t(PACKET_BASE + 5)");
        string path = tree.Write("include/uapi/linux/if_packet.h", header);
        using var specs = new SpecSyncFiles.ScratchSpecs();
        string before = specs.Read("af_packet.yaml");
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = SpecsCommand.RunSync(tree.Root, false, null, specs.Path, "6.1", check: false, output, error);

        Assert.Equal(2, exit);
        Assert.Equal($"netdrop specs sync: {path}:43: cannot expand 'PACKET_BASE': it is not a number, nor an enumerator or macro of if_packet.h (no spec was changed)\n", error.ToString());
        Assert.Equal(before, specs.Read("af_packet.yaml"));
    }

    [Fact]
    public void A_reason_list_that_disagrees_with_the_enum_is_an_error_and_a_missing_directory_says_what_to_give()
    {
        using var tree = new TemporaryTree();
        string path = tree.Write("include/net/dropreason.h", "#define DEFINE_DROP_REASON(FN, FNe) FN(NOT_SPECIFIED) FN(NO_SOCKET) FNe(MAX)\nenum skb_drop_reason {\n\tSKB_DROP_REASON_NOT_SPECIFIED,\n\tSKB_DROP_REASON_PKT_TOO_SMALL,\n\tSKB_DROP_REASON_MAX,\n};\n");

        var error = Assert.Throws<HeaderFormatException>(() => KernelHeaders.Read(tree.Root, new KernelVersion(6, 0)));
        Assert.Equal($"{path}:2: DEFINE_DROP_REASON and enum skb_drop_reason disagree at position 2: FN(NO_SOCKET) but SKB_DROP_REASON_PKT_TOO_SMALL", error.Message);

        var missing = Assert.Throws<HeaderFormatException>(() => KernelHeaders.Read(Path.Combine(tree.Root, "nowhere")));
        Assert.Contains("is not a directory; give a kernel source tree", missing.Message);
    }
}
