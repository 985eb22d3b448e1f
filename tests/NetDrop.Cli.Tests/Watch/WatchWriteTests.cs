using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NetDrop.CaptureFiles;
using NetDrop.Tests.Capture;

using NetDrop.Tests.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Watch;

/// <summary>`netdrop watch --write`: the drops caused in a namespace end up in a pcapng file with their reasons.</summary>
[Trait("Needs", "live-kernel")]
public sealed partial class WatchCommandTests
{
    [LiveKernelFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Write_saves_each_matching_drop_with_its_reason_in_a_file_tshark_and_read_show()
    {
        string directory = Directory.CreateTempSubdirectory("netdrop-watch-write-").FullName;
        try
        {
            string path = Path.Combine(directory, "drops.pcapng");
            using var ns = new NetworkNamespace();
            using var sender = new BurstSender(ns, "127.0.0.1", 9);
            using var ipv6 = new BurstSender(ns, "::1", 9);
            using NetdropProcess watch = NetdropProcess.Start("watch", "--mode", "packet", "--kernel-filter", $"common_pid == {sender.Pid} || common_pid == {ipv6.Pid}",
                "--filter", "reason == NO_SOCKET", "--count", "15", "--write", path);
            watch.WaitUntilWatching();
            sender.Send(10);
            ipv6.Send(5);

            Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
            Assert.Contains("Writing the drops to " + path + ".", watch.Stderr);
            Assert.Contains("Wrote 15 drops to " + path + ".", watch.Stderr);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

            // The tracepoint sends no packet bytes: each drop is a tagged frame whose comment tells its fate.
            var comments = new List<string>();
            using (CaptureFileReader reader = CaptureFileReader.Open(path))
            {
                while (reader.TryReadNext(out CapturedRecord record))
                {
                    Assert.Equal(LinkTypes.WiresharkUpperPdu, record.LinkType);
                    Assert.Equal("unreported", record.Interface.Name);
                    Assert.True(UpperPduTags.TrySkip(record.Data, out ReadOnlySpan<byte> payload));
                    Assert.True(payload.IsEmpty);
                    comments.Add(Encoding.UTF8.GetString(record.CommentUtf8));
                }

                Assert.Null(reader.Error);
                CaptureStatistics statistics = Assert.Single(reader.Statistics);
                Assert.Equal(15UL, statistics.Counters.UserDelivered);
                Assert.StartsWith("drop events the source lost, all interfaces together: 0 (", statistics.Counters.Comment, StringComparison.Ordinal);
            }

            Assert.Equal(15, comments.Count);
            Assert.Equal(10, comments.Count(c => c.Contains("; at __udp4_lib_rcv+0x", StringComparison.Ordinal) && c.Contains("; protocol IPv4 (0x0800);", StringComparison.Ordinal)));
            Assert.Equal(5, comments.Count(c => c.Contains("; at __udp6_lib_rcv+0x", StringComparison.Ordinal) && c.Contains("; protocol IPv6 (0x86dd);", StringComparison.Ordinal)));
            Assert.All(comments, c =>
            {
                Assert.StartsWith("NO_SOCKET: no valid socket that can be used.; at ", c, StringComparison.Ordinal);
                // The tracepoint's thread (common_pid) is the sender's; its CPU; and that the file holds no bytes, and why.
                Assert.Matches("; software drop; protocol " + (c.Contains("IPv4", StringComparison.Ordinal) ? @"IPv4 \(0x0800\)" : @"IPv6 \(0x86dd\)")
                    + @"; process (\d+)( thread \d+)? \([^)]+\); CPU \d+; no packet bytes: the skb:kfree_skb tracepoint records none \(the BPF source does\); seen by the skb:kfree_skb tracepoint$", c);
            });

            if (Tshark.Installed)
            {
                Assert.Empty(Tshark.Problems(path));
                Assert.Equal(comments, Tshark.Fields(path, "frame.comment").Select(row => row[0]));
            }

            (int exit, NetdropProcess read) = NetdropProcess.Run(Deadline, "read", path);
            using (read)
            {
                Assert.True(exit == 0, read.Transcript);
                Assert.Equal(15 + 1, read.Stdout.Count);
                Assert.All(read.Stdout.Take(15), line => Assert.Contains(" unreported 0 bytes: no packet bytes # NO_SOCKET: ", line, StringComparison.Ordinal));
                Assert.Equal("15 frames; 0 lost before them in 0 gaps.", read.Stderr[^1]);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [LiveKernelFact]
    public void A_watch_killed_while_writing_leaves_a_file_valid_up_to_its_last_whole_block()
    {
        string directory = Directory.CreateTempSubdirectory("netdrop-watch-kill-").FullName;
        string? stale = null;
        try
        {
            string path = Path.Combine(directory, "drops.pcapng");
            using var ns = new NetworkNamespace();
            using var sender = new BurstSender(ns, "127.0.0.1", 9);
            using (NetdropProcess watch = NetdropProcess.Start("watch", "--mode", "packet", "--kernel-filter", sender.KernelFilter, "--write", path))
            {
                watch.WaitUntilWatching();
                stale = TracefsInstances.InstancePath(watch.Pid);

                // The first burst is flushed with its batch; the second is still arriving when the process dies.
                sender.Send(40);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (Count(path) < 40 && clock.Elapsed < TimeSpan.FromSeconds(20))
                {
                    System.Threading.Thread.Sleep(50);
                }

                Assert.Equal(40, Count(path));
                sender.Send(200);
                watch.Signal("KILL");
                watch.WaitForExit(Deadline);
            }

            // No statistics block (nothing ran at the end), but no torn block either: every frame reads.
            int frames = CountFrames(path, out CaptureFileReader reader);
            using (reader)
            {
                Assert.Null(reader.Error);
                Assert.InRange(frames, 40, 240);
                Assert.Empty(reader.Statistics);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
            if (stale is not null && Directory.Exists(stale))
            {
                Directory.Delete(stale);
            }
        }
    }

    private static int Count(string path)
    {
        int frames = CountFrames(path, out CaptureFileReader reader);
        reader.Dispose();
        return frames;
    }

    private static int CountFrames(string path, out CaptureFileReader reader)
    {
        reader = CaptureFileReader.Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        int frames = 0;
        while (reader.TryReadNext(out CapturedRecord record))
        {
            Assert.StartsWith("NO_SOCKET: ", Encoding.UTF8.GetString(record.CommentUtf8), StringComparison.Ordinal);
            frames++;
        }

        return frames;
    }

    [Fact]
    public void Write_to_a_directory_that_does_not_exist_is_refused_with_exit_2()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(Deadline, "watch", "--write", "/nonexistent-netdrop-dir/drops.pcapng");
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.Equal("netdrop watch: --write: the directory '/nonexistent-netdrop-dir' does not exist", run.Stderr[0]);
        }
    }
}
