using System;
using NetDrop.CaptureFiles;
using NetDrop.Frames;

namespace NetDrop.Tests.Capture;

public class CapturedFrameSummaryTests
{
    // IPv4 UDP 10.0.0.1:1000 → 10.0.0.2:53, header only.
    private static readonly byte[] Ipv4Udp =
    {
        0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        0x03, 0xe8, 0x00, 0x35, 0, 8, 0, 0,
    };

    [Fact]
    public void Raw_ip_is_read_by_its_version_nibble()
    {
        Assert.Equal(CapturedFrameContent.Decoded, CapturedFrameSummary.Summarize(LinkTypes.Raw, Ipv4Udp, out FrameSummary summary, out int tags));
        Assert.Equal(0, tags);
        Assert.Equal(17, summary.IpProtocol);
        Assert.Equal(53, summary.DestinationPort);
    }

    [Fact]
    public void Cooked_headers_give_the_protocol_sll_last_and_sll2_first()
    {
        byte[] sll = new byte[16 + Ipv4Udp.Length];
        sll[14] = 0x08;
        Ipv4Udp.CopyTo(sll, 16);
        Assert.Equal(CapturedFrameContent.Decoded, CapturedFrameSummary.Summarize(LinkTypes.LinuxSll, sll, out FrameSummary summary, out _));
        Assert.Equal(1000, summary.SourcePort);

        byte[] sll2 = new byte[20 + Ipv4Udp.Length];
        sll2[0] = 0x08;
        Ipv4Udp.CopyTo(sll2, 20);
        Assert.Equal(CapturedFrameContent.Decoded, CapturedFrameSummary.Summarize(LinkTypes.LinuxSll2, sll2, out summary, out _));
        Assert.Equal(1000, summary.SourcePort);

        // A cooked header cut short is not decoded at all, whatever its link type.
        Assert.Equal(CapturedFrameContent.LinkTypeNotDecoded, CapturedFrameSummary.Summarize(LinkTypes.LinuxSll, sll.AsSpan(0, 15), out _, out _));
    }

    [Fact]
    public void Upper_pdu_tags_are_skipped_and_counted()
    {
        byte[] frame = new byte[UpperPduTags.Size(4) + 3];
        int tags = UpperPduTags.Write(frame, "IPv4");
        Assert.Equal(CapturedFrameContent.TaggedBytes, CapturedFrameSummary.Summarize(LinkTypes.WiresharkUpperPdu, frame, out _, out int tagLength));
        Assert.Equal(tags, tagLength);
        Assert.Equal(CapturedFrameContent.NoBytes, CapturedFrameSummary.Summarize(LinkTypes.WiresharkUpperPdu, frame.AsSpan(0, tags), out _, out tagLength));
        Assert.Equal(tags, tagLength);
        Assert.Equal(CapturedFrameContent.TagsCutShort, CapturedFrameSummary.Summarize(LinkTypes.WiresharkUpperPdu, frame.AsSpan(0, 6), out _, out tagLength));
        Assert.Equal(0, tagLength);
    }

    [Fact]
    public void Empty_unknown_and_unrecognised_records_say_which()
    {
        Assert.Equal(CapturedFrameContent.NoBytes, CapturedFrameSummary.Summarize(LinkTypes.Ethernet, ReadOnlySpan<byte>.Empty, out _, out _));
        Assert.Equal(CapturedFrameContent.HeadersNotRecognised, CapturedFrameSummary.Summarize(LinkTypes.Raw, new byte[] { 0x10, 1, 2 }, out _, out _));
        Assert.Equal(CapturedFrameContent.LinkTypeNotDecoded, CapturedFrameSummary.Summarize(147, Ipv4Udp, out _, out _));
    }

    [Fact]
    public void Summarizing_allocates_nothing()
    {
        CapturedFrameSummary.Summarize(LinkTypes.Raw, Ipv4Udp, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            CapturedFrameSummary.Summarize(LinkTypes.Raw, Ipv4Udp, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
