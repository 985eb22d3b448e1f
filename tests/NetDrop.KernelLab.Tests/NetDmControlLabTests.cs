using System;
using System.IO;
using NetDrop.Interop;
using NetDrop.NetDm;
using NetDrop.Netlink.Generic;
using NetDrop.Netlink.Sockets;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.KernelLab.Tests;

/// <summary>Talking to the real drop_monitor: resolving it, starting and stopping, configuration, stats and refusals.</summary>
public sealed class NetDmControlLabTests
{
    [KernelLabFact]
    public void The_family_resolves_with_its_events_group_and_loads_the_module()
    {
        using NetDmClient client = NetDmClient.Open();

        Assert.Equal("NET_DM", client.Family.Name);
        Assert.True(client.Family.Id >= 0x10);
        Assert.True(client.Family.Version >= 2, $"version {client.Family.Version}");
        Assert.Equal(client.Family.Group("events"), client.EventsGroup);
        Assert.True(Directory.Exists("/sys/module/drop_monitor"), "resolving NET_DM should have loaded drop_monitor");
        Assert.True(client.ReceiveBuffer.Forced, "root should get the receive buffer it asked for");
    }

    [KernelLabFact]
    public void Start_and_stop_software_monitoring()
    {
        using NetDmClient client = NetDmClient.Open();

        client.Start(NetDmDropKinds.Software);
        Assert.Equal(NetDmDropKinds.Software, client.Monitoring);

        // While monitoring, the kernel refuses configuration; after STOP it takes it again.
        Assert.Throws<NetlinkRequestException>(() => client.Configure(queueLength: 100));
        client.Stop(NetDmDropKinds.Software);
        Assert.Equal(0, (int)client.Monitoring);
        client.Configure(queueLength: 100);
    }

    [KernelLabFact]
    public void Configuration_reads_back_as_set()
    {
        using NetDmClient client = NetDmClient.Open();

        client.Configure(NetDmAlertMode.Packet, truncationLength: 96, queueLength: 321);
        Assert.Equal(new NetDmConfig(NetDmAlertMode.Packet, 96, 321), client.GetConfig());

        client.Configure(NetDmAlertMode.Summary);
        Assert.Equal(new NetDmConfig(NetDmAlertMode.Summary, 96, 321), client.GetConfig());
    }

    [KernelLabFact]
    public void Configuring_while_monitoring_is_EBUSY_with_a_message_that_says_so()
    {
        using NetDmClient client = NetDmClient.Open();
        client.Start();

        var error = Assert.Throws<NetlinkRequestException>(() => client.Configure(NetDmAlertMode.Packet));

        Assert.Equal(Errno.EBUSY, error.Errno);
        Assert.Equal("NET_DM_CMD_CONFIG", error.Request);
        Assert.Contains("EBUSY", error.Message);
        Assert.Contains("cannot configure while monitoring", error.Message);
    }

    [KernelLabFact]
    public void Starting_twice_leaves_one_session_that_one_stop_ends()
    {
        using NetDmClient client = NetDmClient.Open();
        client.Start();

        Exception? second = Record.Exception(() => client.Start());
        if (second is not null)
        {
            Assert.IsType<NetlinkRequestException>(second);
        }

        client.Stop();
        client.Configure(queueLength: 1000);
    }

    [KernelLabFact]
    public void Stats_answer_with_the_software_tail_drop_counter()
    {
        using NetDmClient client = NetDmClient.Open();

        NetDmStats stats = client.GetStats();

        Assert.NotNull(stats.SoftwareDropped);
    }

    [KernelLabFact]
    public void Without_CAP_NET_ADMIN_the_events_group_is_refused_with_what_to_do()
    {
        Exception? open = ThreadCapabilities.RunWithout(
            [ThreadCapabilities.CAP_NET_ADMIN, ThreadCapabilities.CAP_SYS_ADMIN],
            () => Record.Exception(() => NetDmClient.Open().Dispose()));

        var error = Assert.IsType<NetlinkSocketException>(open);
        Assert.Equal(Errno.EPERM, error.Errno);
        Assert.Equal($"netlink setsockopt(NETLINK_ADD_MEMBERSHIP, {EventsGroup()}) failed: EPERM (Operation not permitted): this group needs CAP_NET_ADMIN / CAP_SYS_ADMIN", error.Message);
    }

    [KernelLabFact]
    public void Without_CAP_NET_ADMIN_start_is_EPERM_with_what_to_do()
    {
        Exception? start = ThreadCapabilities.RunWithout(
            [ThreadCapabilities.CAP_NET_ADMIN, ThreadCapabilities.CAP_SYS_ADMIN],
            () =>
            {
                // Netlink checks the rights of whoever opened the socket, so it is opened here.
                using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();
                ushort family = connection.ResolveFamily("NET_DM").Id;
                int length = NetDmRequests.Start(connection.BeginRequest(out uint sequence), family, sequence, swDrops: true);
                var none = default(NoReplies);
                return Record.Exception(() => connection.Execute(length, "NET_DM_CMD_START", ref none));
            });

        var error = Assert.IsType<NetlinkRequestException>(start);
        Assert.Equal(Errno.EPERM, error.Errno);
        Assert.StartsWith("NET_DM_CMD_START failed: EPERM (Operation not permitted): needs CAP_NET_ADMIN / CAP_SYS_ADMIN: run as root or grant the capability", error.Message);
    }

    private static uint EventsGroup()
    {
        using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();
        return connection.ResolveFamily("NET_DM").Group("events")!.Value;
    }

    private struct NoReplies : INetlinkReplyHandler
    {
        public readonly void OnReply(in NetDrop.Netlink.NetlinkMessage message, NetDrop.Netlink.Generic.GenericNetlinkHeader header, ReadOnlySpan<byte> attributes)
        {
        }
    }
}
