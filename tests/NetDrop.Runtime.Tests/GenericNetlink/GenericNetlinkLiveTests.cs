using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop.Interop;
using NetDrop.Netlink;
using NetDrop.Netlink.Generic;
using NetDrop.Netlink.Sockets;

namespace NetDrop.Tests.GenericNetlink;

/// <summary>Generic netlink against this machine's kernel: the controller answers any process, so no root is needed.</summary>
public sealed class GenericNetlinkLiveTests
{
    [Fact]
    public void The_controller_resolves_itself_with_its_fixed_id_and_notify_group()
    {
        using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();

        GenericNetlinkFamily family = connection.ResolveFamily("nlctrl");

        Assert.Equal(NetlinkMessageType.GenericControl, family.Id);
        Assert.Equal("nlctrl", family.Name);
        Assert.True(family.Version >= 1);
        Assert.NotNull(family.Group("notify"));
        Assert.Null(family.Group("no-such-group"));
    }

    [Fact]
    public void A_dump_lists_every_family_once_and_agrees_with_single_lookups()
    {
        using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();

        IReadOnlyList<GenericNetlinkFamily> families = connection.ListFamilies();

        Assert.True(families.Count >= 5, $"only {families.Count} families listed");
        Assert.Equal(families.Count, families.Select(f => f.Id).Distinct().Count());
        Assert.Contains(families, f => f.Name == "nlctrl");
        foreach (GenericNetlinkFamily listed in families)
        {
            GenericNetlinkFamily resolved = connection.ResolveFamily(listed.Name);
            Assert.Equal(listed.Id, resolved.Id);
            Assert.Equal(listed.Version, resolved.Version);
            Assert.Equal(listed.MulticastGroups.OrderBy(g => g.Key), resolved.MulticastGroups.OrderBy(g => g.Key));
        }
    }

    [Fact]
    public void An_unknown_family_is_ENOENT_naming_the_family()
    {
        using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();

        var error = Assert.Throws<GenericNetlinkFamilyNotFoundException>(() => connection.ResolveFamily("NETDROP_NO_SUCH"));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Equal("NETDROP_NO_SUCH", error.Family);
        Assert.Contains("ENOENT", error.Message);
        Assert.Contains("no generic netlink family \"NETDROP_NO_SUCH\"", error.Message);
    }

    [Fact]
    public void A_request_the_kernel_rejects_throws_with_errno_request_and_extended_ack()
    {
        using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();

        // CTRL_CMD_GETFAMILY whose family id (a u16) is one byte long fails policy validation.
        Span<byte> buffer = connection.BeginRequest(out uint sequence);
        var writer = new NetlinkWriter(buffer);
        int message = writer.BeginMessage(NetlinkMessageType.GenericControl, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, sequence, connection.Socket.PortId);
        writer.WriteGenericHeader(3, 2);
        writer.PutU8(1, 0x10);
        int length = writer.EndMessage(message);
        var none = default(NoReplies);

        var error = Assert.Throws<NetlinkRequestException>(() => connection.Execute(length, "short GETFAMILY", ref none));

        Assert.Equal("short GETFAMILY", error.Request);
        Assert.Equal(Errno.ERANGE, error.Errno);
        Assert.Equal("Attribute failed policy validation", error.KernelMessage);
        Assert.Equal("short GETFAMILY failed: ERANGE (Math result not representable); the kernel says \"Attribute failed policy validation\"", error.Message);
    }

    [Fact]
    public void Requests_after_an_error_still_get_their_own_replies()
    {
        using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();
        Assert.Throws<GenericNetlinkFamilyNotFoundException>(() => connection.ResolveFamily("NETDROP_NO_SUCH"));

        Assert.Equal("nlctrl", connection.ResolveFamily("nlctrl").Name);
        Assert.Equal(0, connection.StaleMessagesSkipped);
    }

    [Fact]
    public void Each_socket_gets_its_own_port_id_and_the_receive_buffer_it_asked_for()
    {
        using NetlinkSocket first = NetlinkSocket.Open(NetlinkProtocol.Generic);
        using NetlinkSocket second = NetlinkSocket.Open(NetlinkProtocol.Generic);
        Assert.NotEqual(0u, first.PortId);
        Assert.NotEqual(first.PortId, second.PortId);

        ReceiveBufferSize size = first.SetReceiveBufferSize(8 * 1024 * 1024);

        if (Environment.IsPrivilegedProcess)
        {
            // SO_RCVBUFFORCE ignores rmem_max; the kernel reports double the request.
            Assert.True(size.Forced);
            Assert.Equal(16 * 1024 * 1024, size.Actual);
        }
        else
        {
            Assert.False(size.Forced);
            Assert.True(size.Actual > 0);
        }

        Assert.Equal(0, first.ReadKernelDrops());
    }

    [Fact]
    public void Nothing_queued_is_would_block_and_wait_times_out()
    {
        using NetlinkSocket socket = NetlinkSocket.Open(NetlinkProtocol.Generic);
        var buffer = new byte[4096];

        Assert.Equal(NetlinkReceiveStatus.WouldBlock, socket.TryReceive(buffer, out int length));
        Assert.Equal(0, length);
        Assert.False(socket.Wait(TimeSpan.FromMilliseconds(20)));
    }

    private struct NoReplies : INetlinkReplyHandler
    {
        public readonly void OnReply(in NetlinkMessage message, GenericNetlinkHeader header, ReadOnlySpan<byte> attributes)
        {
        }
    }
}
