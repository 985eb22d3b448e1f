using System.IO;
using System.Linq;
using NetDrop.SpecSync.Headers;
using NetDrop.SpecSync.Kernel;

namespace NetDrop.Tests.Specs;

/// <summary>The kernel headers as gcc -E hands them over: drop reasons in each form, NET_DM's enums, if_packet.h's defines.</summary>
public sealed class HeaderReaderTests
{
    [Fact]
    public void Linux_6_1_dropreason_h_gives_its_65_reasons_with_numbers_and_doc_comments()
    {
        KernelSnapshot snapshot = KernelHeaders.Read(SpecSyncFiles.Headers61, new KernelVersion(6, 1));

        var reasons = snapshot.DropReasons!;
        Assert.Equal(65, reasons.Count);
        // 6.1 has no SKB_CONSUMED, so NOT_SPECIFIED is 1 (it is 2 from 6.2 on).
        Assert.Equal(("NOT_SPECIFIED", 1L), (reasons[0].Name, reasons[0].Number));
        Assert.Equal(7, reasons.Single(r => r.Name == "NETFILTER_DROP").Number);
        Assert.Equal(("TC_CHAIN_NOTFOUND", 65L), (reasons[^1].Name, reasons[^1].Number));
        Assert.Equal("socket not found", reasons.Single(r => r.Name == "NO_SOCKET").Doc);
        Assert.Equal("packet size is too big (maybe exceed the\nMTU)", reasons.Single(r => r.Name == "PKT_TOO_BIG").Doc);
        Assert.DoesNotContain(reasons, r => r.Name is "MAX" or "SUBSYS_MASK" or "NOT_DROPPED_YET");
    }

    [Fact]
    public void A_newer_dropreason_core_h_gives_the_FN_list_and_the_enum_in_agreement()
    {
        KernelSnapshot snapshot = KernelHeaders.Read(SpecSyncFiles.HeadersUpstream, new KernelVersion(6, 13));

        var reasons = snapshot.DropReasons!;
        Assert.Equal(107, reasons.Count);
        Assert.Equal(("NOT_SPECIFIED", 2L), (reasons[0].Name, reasons[0].Number));
        // NETFILTER_DROP was still 8 here; 6.18 has it at 12.
        Assert.Equal(8, reasons.Single(r => r.Name == "NETFILTER_DROP").Number);
        Assert.Contains(reasons, r => r.Name == "TCP_AONOTFOUND");
        Assert.Equal(("ARP_PVLAN_DISABLE", 108L), (reasons[^1].Name, reasons[^1].Number));
        Assert.Null(snapshot.Packet);
    }

    [Fact]
    public void Net_dropmon_h_gives_commands_attributes_and_their_type_comments()
    {
        CHeader header = KernelHeaders.Read(SpecSyncFiles.Headers61, new KernelVersion(6, 1)).NetDm!;

        Assert.Equal(9, header.Value("NET_DM_CMD_STATS_NEW"));
        Assert.Equal(23, header.Value("NET_DM_ATTR_REASON"));
        Assert.Equal(23, header.Value("NET_DM_ATTR_MAX"));
        Assert.Equal("string", header.Declaration("NET_DM_ATTR_REASON")!.Value.Comment);
        Assert.Equal(2, header.Value("NET_DM_CFG_ALERT_DELAY"));
        Assert.Equal("Each dropped packet is sent to user space along\nwith metadata.", header.Declaration("NET_DM_ALERT_MODE_PACKET")!.Value.Doc);
    }

    [Fact]
    public void If_packet_h_gives_evaluated_defines_and_knows_which_are_not_integer_constants()
    {
        CHeader header = KernelHeaders.Read(SpecSyncFiles.Headers61, new KernelVersion(6, 1)).Packet!;

        Assert.Equal(0x80000000L, header.Value("TP_STATUS_TS_RAW_HARDWARE"));
        Assert.Equal(23, header.Value("PACKET_IGNORE_OUTGOING"));
        Assert.Equal(0x8000, header.Value("PACKET_FANOUT_FLAG_DEFRAG"));
        Assert.Null(header.Value("PACKET_VNET_HDR_SZ"));
        Assert.False(header.IsIntegerConstant("TPACKET_HDRLEN"));
        Assert.True(header.IsIntegerConstant("TPACKET_ALIGNMENT"));
        Assert.Equal("To us", header.Declaration("PACKET_HOST")!.Value.Comment);
    }

    [Fact]
    public void A_define_whose_comment_goes_over_lines_keeps_its_value_comment_and_the_lines_after_it()
    {
        using var tree = new TemporaryTree();
        string path = tree.Write("linux/if_packet.h", "#define PACKET_HOST 0 /* To us */\n#define PACKET_LONG 30 /* a comment that isn't\n\t\t\t     on one line */\n#define PACKET_AFTER 31\n");

        CHeader header = KernelHeaders.Read(tree.Root, new KernelVersion(6, 1)).Packet!;

        Assert.Equal(30, header.Value("PACKET_LONG"));
        Assert.StartsWith("a comment that isn't", header.Declaration("PACKET_LONG")!.Value.Comment);
        Assert.Equal((path, 4), (header.Declaration("PACKET_AFTER")!.Value.File, header.Declaration("PACKET_AFTER")!.Value.Line));
        Assert.Equal(31, header.Value("PACKET_AFTER"));
    }

    [Fact]
    public void The_enum_inside_skbuff_h_of_5_17_to_5_19_is_found_and_its_includes_are_not_followed()
    {
        // The 5.17–5.19 form: the enum sits in include/linux/skbuff.h among includes that need a built
        // kernel tree, and there is no DEFINE_DROP_REASON list. A small file of that shape:
        using var tree = new TemporaryTree();
        tree.Write("include/linux/skbuff.h", """
            /* SPDX-License-Identifier: GPL-2.0-or-later */
            #ifndef _LINUX_SKBUFF_H
            #define _LINUX_SKBUFF_H
            #include <linux/kernel.h>
            #include <generated/autoconf.h>

            /**
             * enum skb_drop_reason - the reasons of skb drops
             */
            enum skb_drop_reason {
            	SKB_NOT_DROPPED_YET = 0,
            	SKB_DROP_REASON_NOT_SPECIFIED,	/* drop reason is not specified */
            	SKB_DROP_REASON_NO_SOCKET,	/* socket not found */
            #ifdef CONFIG_NOT_SET_HERE
            	SKB_DROP_REASON_ONLY_WITH_A_CONFIG,
            #endif
            	SKB_DROP_REASON_PKT_TOO_SMALL,	/* packet size is too small */
            	SKB_DROP_REASON_MAX,
            };

            struct sk_buff;
            #endif
            """);

        var reasons = KernelHeaders.Read(tree.Root, new KernelVersion(5, 17)).DropReasons!;

        Assert.Equal(new[] { ("NOT_SPECIFIED", 1L), ("NO_SOCKET", 2L), ("PKT_TOO_SMALL", 3L) }, reasons.Select(r => (r.Name, r.Number)));
    }

    [Fact]
    public void The_version_comes_from_a_Makefile_or_linux_version_h()
    {
        using var tree = new TemporaryTree();
        tree.Write("Makefile", "# SPDX-License-Identifier: GPL-2.0\nVERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 3\n");
        Assert.Equal(new KernelVersion(6, 12), KernelHeaders.DetectVersion(tree.Root));

        using var installed = new TemporaryTree();
        installed.Write("linux/version.h", "#define LINUX_VERSION_CODE 393664\n#define KERNEL_VERSION(a,b,c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))\n");
        Assert.Equal(new KernelVersion(6, 1), KernelHeaders.DetectVersion(installed.Root));

        Assert.Null(KernelHeaders.DetectVersion(SpecSyncFiles.Headers61));
        var error = Assert.Throws<HeaderFormatException>(() => KernelHeaders.Read(SpecSyncFiles.Headers61));
        Assert.Contains("pass --kernel-version", error.Message);
    }
}
