using System;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NetDrop.KernelLab.Tests;

/// <summary>Traffic to closed ports on loopback, each packet carrying a marker the test can find again in the alert's payload.</summary>
internal static class Loopback
{
    /// <summary>A UDP port nothing listens on: one the kernel just gave out and took back.</summary>
    public static int ClosedUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public static int ClosedTcpPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public static byte[] Marker(string test) => Encoding.ASCII.GetBytes($"netdrop-lab:{test}:{Guid.NewGuid():N}");

    /// <summary>Sends <paramref name="count"/> datagrams to 127.0.0.1:<paramref name="port"/> as fast as the socket takes them.</summary>
    public static void SendUdp(int port, byte[] marker, int count)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, port);
        for (int i = 0; i < count; i++)
        {
            socket.SendTo(marker, target);
        }
    }

    /// <summary>One SYN to a closed port; the kernel answers RST and the connect fails, as it should.</summary>
    public static void ConnectTcp(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            throw new InvalidOperationException($"something listens on 127.0.0.1:{port}");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
        }
    }

    public static bool Contains(ReadOnlyMemory<byte> payload, byte[] marker) => payload.Span.IndexOf(marker) >= 0;
}
