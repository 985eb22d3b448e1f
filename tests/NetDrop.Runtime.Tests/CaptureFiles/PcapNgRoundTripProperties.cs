using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NetDrop.CaptureFiles;

namespace NetDrop.Tests.Capture;

/// <summary>Whatever frames, gaps, flags, comments and statistics PcapNgWriter is given, CaptureFileReader reads back the same.</summary>
public class PcapNgRoundTripProperties
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200);

    private sealed record Frame(int Interface, long Time, byte[] Data, int ExtraLength, ulong Gap, uint Flags, string? Comment);

    private sealed record Case(int[] SnapLengths, Frame[] Frames, ulong? Received, ulong? OsDropped);

    [Fact]
    public void What_is_written_reads_back()
    {
        Gen<string?> comments = Gen.OneOf(
            Gen.Constant<string?>(null),
            Gen.Elements<string?>("NO_SOCKET: no valid socket", "réseau ✓", "x", "tabs\tand\nnewlines", new string('z', 3000)));
        Gen<Frame> frames =
            from iface in Gen.Choose(0, 2)
            from time in Gen.Choose(0, int.MaxValue).Select(t => 1_700_000_000_000_000_000L + (long)t * 997)
            from length in Gen.Choose(0, 300)
            from seed in Gen.Choose(0, 255)
            from extra in Gen.Choose(0, 2000)
            from gap in Gen.OneOf(Gen.Constant(0UL), Gen.Choose(1, 100_000).Select(g => (ulong)g), Gen.Constant(ulong.MaxValue))
            from flags in Gen.OneOf(Gen.Constant(0u), Gen.Choose(1, 0xFFF).Select(f => (uint)f))
            from comment in comments
            select new Frame(iface, time, Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed)).ToArray(), extra, gap, flags, comment);
        Gen<Case> cases =
            from snaps in Gen.ArrayOf(Gen.Elements(0, 64, 128, 65535), 3)
            from count in Gen.Choose(0, 40)
            from list in Gen.ArrayOf(frames, count)
            from received in Gen.OneOf(Gen.Constant<ulong?>(null), Gen.Choose(0, int.MaxValue).Select(r => (ulong?)r))
            from dropped in Gen.OneOf(Gen.Constant<ulong?>(null), Gen.Choose(0, 1000).Select(r => (ulong?)r))
            select new Case(snaps, list, received, dropped);

        Check.One(Quick, Prop.ForAll(cases.ToArbitrary(), (Case c) =>
        {
            using var file = new MemoryStream();
            using (var writer = new PcapNgWriter(file, leaveOpen: true))
            {
                for (int i = 0; i < c.SnapLengths.Length; i++)
                {
                    writer.AddInterface("if" + i, LinkTypes.Ethernet, c.SnapLengths[i]);
                }

                foreach (Frame f in c.Frames)
                {
                    writer.WritePacket(f.Interface, f.Time, f.Data, f.Data.Length + f.ExtraLength, f.Gap, new PcapNgPacketFlags(f.Flags), f.Comment);
                }

                writer.WriteStatistics(0, new PcapNgStatistics { InterfaceReceived = c.Received, OsDropped = c.OsDropped });
            }

            file.Position = 0;
            using CaptureFileReader reader = CaptureFileReader.Open(file);
            int n = 0;
            while (reader.TryReadNext(out CapturedRecord record))
            {
                Frame f = c.Frames[n++];
                int snap = c.SnapLengths[f.Interface];
                byte[] expected = snap == 0 || f.Data.Length <= snap ? f.Data : f.Data[..snap];
                Assert.Equal(f.Interface, record.InterfaceId);
                Assert.Equal("if" + f.Interface, record.Interface.Name);
                Assert.Equal(f.Time, record.TimestampNanoseconds);
                Assert.Equal(expected, record.Data.ToArray());
                Assert.Equal(f.Data.Length + f.ExtraLength, record.OriginalLength);
                Assert.Equal(f.Gap == 0 ? null : f.Gap, record.DropCount);
                Assert.Equal(f.Flags == 0 ? null : new PcapNgPacketFlags(f.Flags), record.Flags);
                Assert.Equal(f.Comment ?? "", Encoding.UTF8.GetString(record.CommentUtf8));
            }

            Assert.Null(reader.Error);
            Assert.Equal(c.Frames.Length, n);

            // Interface 0's statistics as given; the others' as the writer counted them on closing.
            Assert.Equal(3, reader.Statistics.Count);
            Assert.Equal(c.Received, reader.Statistics[0].Counters.InterfaceReceived);
            Assert.Equal(c.OsDropped, reader.Statistics[0].Counters.OsDropped);
            for (int i = 1; i < 3; i++)
            {
                Frame[] mine = c.Frames.Where(f => f.Interface == i).ToArray();
                PcapNgStatistics counted = reader.Statistics[i].Counters;
                Assert.Equal((ulong)mine.Length, counted.UserDelivered);
                Assert.Equal(mine.Length == 0 ? null : mine[0].Time, counted.StartNanoseconds);
                Assert.Equal(mine.Length == 0 ? null : mine[^1].Time, counted.EndNanoseconds);
            }
        }));
    }
}
