using System;
using System.Globalization;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Generators.Tests;

/// <summary>
/// A warm RTM_GETLINK dump through the code generated from rt-link.yaml, on the handler path (each
/// link read in place: ifinfomsg, name, MTU, MAC, state, master, linkinfo kind), allocates nothing:
/// 0 B per attribute, the figure bench/NetDrop.Load.Benchmarks' links benchmark reports for 1,000 links.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class RtLinkDumpAllocationTests
{
    private const string Probe = """
        using System;
        using NetDrop.Netlink;
        using NetDrop.Netlink.Raw;
        using NetDrop.Netlink.Sockets;
        using Test.RtLink;

        namespace App;

        internal static class Probe
        {
            public static string Dump(string netns)
            {
                string result = string.Empty;
                InNamespace.Run(netns, () =>
                {
                    using RawNetlinkConnection connection = RawNetlinkConnection.Open(NetlinkProtocol.Route);
                    var counter = new Reader();
                    for (int i = 0; i < 20; i++)
                    {
                        counter = new Reader();
                        Execute(connection, ref counter);
                    }

                    long before = GC.GetAllocatedBytesForCurrentThread();
                    long attributes = 0;
                    for (int i = 0; i < 10; i++)
                    {
                        counter = new Reader();
                        Execute(connection, ref counter);
                        attributes += counter.Attributes;
                    }

                    long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    result = $"{counter.Links} {attributes} {allocated} {counter.Checksum > 0}";
                });
                return result;
            }

            private static void Execute(RawNetlinkConnection connection, ref Reader reader)
            {
                Span<byte> buffer = connection.BeginRequest(out uint sequence);
                var writer = new NetlinkWriter(buffer);
                int token = writer.BeginMessage((ushort)RtLinkCommand.Getlink, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, sequence);
                writer.WriteFixedHeader(stackalloc byte[Ifinfomsg.Size]);
                connection.Execute(writer.EndMessage(token), "RTM_GETLINK", ref reader);
            }

            private struct Reader : IRawNetlinkReplyHandler
            {
                public int Links;
                public long Attributes;
                public long Checksum;

                public void OnReply(in NetlinkMessage message)
                {
                    if (message.Header.Type != (ushort)RtLinkCommand.Newlink || !Ifinfomsg.TryRead(message.Payload, out Ifinfomsg info))
                    {
                        return;
                    }

                    ReadOnlySpan<byte> attributes = message.Payload.Slice(Ifinfomsg.Size);
                    RtLinkLinkAttributes link = RtLinkLinkAttributes.Parse(attributes, NetlinkMessageHeader.Size + Ifinfomsg.Size);
                    Links++;
                    Checksum += info.IfiIndex + link.IfnameUtf8.Length + (link.Mtu ?? 0) + link.Address.Length + (link.Operstate ?? 0) + (link.Master ?? 0) + link.Linkinfo.KindUtf8.Length;
                    var walk = new NetlinkAttributeReader(attributes, 0);
                    while (walk.TryReadNext(out _))
                    {
                        Attributes++;
                    }
                }
            }
        }
        """;

    [LiveKernelFact]
    public void A_warm_link_dump_on_the_handler_path_allocates_nothing()
    {
        string netns = "ndyla" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "m";
        try
        {
            Command.Run("ip", "netns", "add", netns);
            for (int i = 0; i < 10; i++)
            {
                Command.Run("ip", "-n", netns, "link", "add", "ndyl" + i, "type", "veth", "peer", "name", "ndylp" + i);
            }

            string[] result = LiveProbe.Invoke(new[] { "rt-link.yaml" }, Probe, "Dump", netns).Split(' ');

            Assert.Equal("21", result[0]); // lo and ten pairs
            long attributes = long.Parse(result[1], CultureInfo.InvariantCulture);
            Assert.True(attributes > 21 * 20, "each link has dozens of attributes: " + attributes);
            Assert.Equal("0", result[2]); // bytes over ten dumps: 0 per attribute
            Assert.Equal("True", result[3]);
        }
        finally
        {
            Command.TryRun("ip", "netns", "del", netns);
        }
    }
}
