// The library's own high-level API: PacketSocket and ISocketOptions (ND1007, ND1009), NetDmClient (ND1012).
using System;
using NetDrop.Interop;
using NetDrop.NetDm;
using NetDrop.Packet;

namespace Corpus.HighLevel;

static class Sockets
{
    // case: ExchangeOption reading PACKET_HDRLEN into a long
    public static long HeaderLength(PacketSocket socket)
    {
        long length = (int)TpacketVersions.V3;
        socket.ExchangeOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_HDRLEN, "PACKET_HDRLEN", ref {|ND1007:length|});
        return length;
    }

    // case: the generated PACKET_HDRLEN getter, version passed in
    public static int HeaderLengthRight(PacketSocket socket)
    {
        socket.GetHdrlen((int)TpacketVersions.V3, out int length);
        return length;
    }

    // case: ExchangeOption into an int
    public static int HeaderLengthInt(PacketSocket socket)
    {
        int length = (int)TpacketVersions.V2;
        socket.ExchangeOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_HDRLEN, "PACKET_HDRLEN", ref length);
        return length;
    }

    // case: SetOption through the ISocketOptions interface with a ulong
    public static void ThroughInterface(ISocketOptions options)
    {
        ulong threshold = 1;
        options.SetOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_COPY_THRESH, "PACKET_COPY_THRESH", {|ND1007:threshold|});
    }

    // case: SetOption through the interface with a uint
    public static void ThroughInterfaceRight(ISocketOptions options) =>
        options.SetOption(AfPacketSocketLevels.SOL_PACKET, AfPacketSocketOptions.PACKET_COPY_THRESH, "PACKET_COPY_THRESH", 1);

    // case: the version set through the interface after the ring, on a socket passed as a generic
    public static void GenericRing<TSocket>(TSocket socket, tpacket_req3 req)
        where TSocket : ISocketOptions
    {
        socket.SetRxRing(in req);
        {|ND1009:socket.SetVersion((int)TpacketVersions.V3)|};
    }

    // case: the same accessors in the kernel's order on a PacketSocket
    public static void RingRight(PacketSocket socket, tpacket_req3 req)
    {
        socket.SetVersion((int)TpacketVersions.V3);
        socket.SetRxRing(in req);
    }

    // case: fanout joined after the ring (the kernel allows it)
    public static void FanoutAfterRing(PacketSocket socket, tpacket_req3 req, PacketFanout fanout)
    {
        socket.SetVersion((int)TpacketVersions.V3);
        socket.SetRxRing(in req);
        socket.JoinFanout(fanout);
    }
}

static class Monitoring
{
    // case: NetDmClient configured again after Stop
    public static void Reconfigure(NetDmClient client)
    {
        client.Start(NetDmDropKinds.Both);
        client.Stop();
        client.Configure(queueLength: 1000);
    }

    // case: NetDmClient configured inside a using block after Start
    public static void UsingBlock(NetDmClient client)
    {
        using (client)
        {
            client.Start(NetDmDropKinds.Hardware);
            {|ND1012:client.Configure(alertMode: NetDmAlertMode.Packet)|};
        }
    }

    // case: one client started, another configured
    public static void TwoClients(NetDmClient watching, NetDmClient spare)
    {
        watching.Start();
        spare.Configure(truncationLength: 64);
    }

    // case: Start and Configure in an async method with an await between
    public static async System.Threading.Tasks.Task StartThenWaitThenConfigure(NetDmClient client)
    {
        client.Start();
        await System.Threading.Tasks.Task.Delay(10);
        {|ND1012:client.Configure(truncationLength: 256)|};
    }
}
