using NetDrop.Netlink.Generic;
using System;
using System.IO;
using NetDrop.CaptureFiles;
using NetDrop.Interop;
using NetDrop.Netlink;

namespace NetDrop.Tests.Capture;

/// <summary>The per-frame path (record, cooked header, nlmsghdr, genlmsghdr, NLMSG_ERROR) must not allocate.</summary>
public class AllocationTests
{
    private static long s_sink;

    [Theory]
    [MemberData(nameof(TestCaptures.All), MemberType = typeof(TestCaptures))]
    public void Reading_frames_and_their_messages_allocates_nothing(string name)
    {
        byte[] bytes = TestCaptures.PcapBytes(name);
        foreach (byte[] file in new[] { bytes, PcapBytes.ToPcapNg(bytes, bigEndian: false) })
        {
            // The first pass compiles everything on the path; the second is measured.
            using (CaptureFileReader warmUp = CaptureFileReader.Open(new MemoryStream(file)))
            {
                Walk(warmUp);
            }

            using CaptureFileReader reader = CaptureFileReader.Open(new MemoryStream(file));
            long before = GC.GetAllocatedBytesForCurrentThread();
            int frames = Walk(reader);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(frames > 0);
            Assert.Null(reader.Error);
            Assert.Equal(0, allocated);
        }
    }

    private static int Walk(CaptureFileReader reader)
    {
        int frames = 0;
        long checksum = 0;
        while (reader.TryReadNext(out CapturedRecord record))
        {
            frames++;
            checksum += record.TimestampNanoseconds + record.Data.Length;
            if (!NetlinkCookedHeader.TryParse(record.Data, out NetlinkCookedHeader cooked, out ReadOnlySpan<byte> bytes))
            {
                continue;
            }

            checksum += cooked.Protocol;
            var messages = new NetlinkMessageReader(bytes);
            while (messages.TryReadNext(out NetlinkMessage message))
            {
                if (NetlinkErrorMessage.TryParse(message, out NetlinkErrorMessage error))
                {
                    checksum += (int)error.Errno + error.Request.Sequence + error.ExtAckMessageUtf8.Length + (error.ExtAckOffset ?? 0);
                    checksum += (error.IsAck ? Errno.EBUSY : error.Errno).Name().Length;
                }
                else if (GenericNetlinkHeader.TryParse(message.Payload, out GenericNetlinkHeader genl, out ReadOnlySpan<byte> attributes))
                {
                    checksum += genl.Command + attributes.Length;
                }
            }
        }

        // Kept so the work cannot be optimised away; a static field, because boxing it would allocate.
        s_sink = checksum;
        return frames;
    }
}
