using System;
using System.Buffers.Binary;
using System.Linq;
using System.Net;

namespace NetDrop.Tests.Frames;

/// <summary>Builds packets header by header, the way the wire has them (big-endian, RFC layouts).</summary>
internal static class TestFrames
{
    public static readonly byte[] MacA = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0a];
    public static readonly byte[] MacB = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0b];

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Destination, source, then each tag (TPID, TCI) and the final EtherType.</summary>
    public static byte[] Ethernet(ushort etherType, params (ushort Tpid, ushort Id)[] tags)
    {
        byte[] header = new byte[14 + (4 * tags.Length)];
        MacB.CopyTo(header, 0);
        MacA.CopyTo(header, 6);
        int offset = 12;
        foreach ((ushort tpid, ushort id) in tags)
        {
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(offset), tpid);

            // Priority 5 in the top bits: the parser must mask them off.
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(offset + 2), (ushort)((5 << 13) | id));
            offset += 4;
        }

        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(offset), etherType);
        return header;
    }

    public static byte[] IPv4(string source, string destination, byte protocol, byte[] payload, ushort fragmentOffset = 0, int optionWords = 0)
    {
        int headerLength = 20 + (4 * optionWords);
        byte[] packet = new byte[headerLength + payload.Length];
        packet[0] = (byte)(0x40 | (headerLength / 4));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), fragmentOffset);
        packet[8] = 64;
        packet[9] = protocol;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(packet, 12);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 16);
        for (int i = 20; i < headerLength; i++)
        {
            packet[i] = 1; // NOP options
        }

        payload.CopyTo(packet, headerLength);
        return packet;
    }

    public static byte[] IPv6(string source, string destination, byte nextHeader, byte[] payload)
    {
        byte[] packet = new byte[40 + payload.Length];
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)payload.Length);
        packet[6] = nextHeader;
        packet[7] = 64;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(packet, 8);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 24);
        payload.CopyTo(packet, 40);
        return packet;
    }

    /// <summary>A hop-by-hop, routing or destination-options header of (units + 1) * 8 bytes, padded with PadN.</summary>
    public static byte[] ExtensionHeader(byte nextHeader, int units, byte[] rest)
    {
        byte[] header = new byte[(units + 1) * 8];
        header[0] = nextHeader;
        header[1] = (byte)units;
        header[2] = 1; // PadN
        header[3] = (byte)(header.Length - 4);
        return Concat(header, rest);
    }

    /// <summary>An authentication header: its length counts 4-octet units, minus 2 (RFC 4302).</summary>
    public static byte[] AuthenticationHeader(byte nextHeader, int words, byte[] rest)
    {
        byte[] header = new byte[words * 4];
        header[0] = nextHeader;
        header[1] = (byte)(words - 2);
        return Concat(header, rest);
    }

    public static byte[] FragmentHeader(byte nextHeader, ushort offsetUnits, bool more, byte[] rest)
    {
        byte[] header = new byte[8];
        header[0] = nextHeader;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)((offsetUnits << 3) | (more ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 0x12345678);
        return Concat(header, rest);
    }

    public static byte[] Udp(ushort source, ushort destination, int dataLength = 5)
    {
        byte[] segment = new byte[8 + dataLength];
        BinaryPrimitives.WriteUInt16BigEndian(segment, source);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), destination);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(4), (ushort)segment.Length);
        return segment;
    }

    public static byte[] Tcp(ushort source, ushort destination)
    {
        byte[] segment = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(segment, source);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), destination);
        segment[12] = 5 << 4;
        segment[13] = 0x02; // SYN
        return segment;
    }

    public static byte[] Icmp(byte type, byte code) => [type, code, 0, 0, 0, 1, 0, 1];

    /// <summary>ARP for IPv4 over Ethernet (RFC 826).</summary>
    public static byte[] Arp(ushort operation, string sender, string target)
    {
        byte[] packet = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(packet, 1);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 0x0800);
        packet[4] = 6;
        packet[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), operation);
        MacA.CopyTo(packet, 8);
        IPAddress.Parse(sender).GetAddressBytes().CopyTo(packet, 14);
        IPAddress.Parse(target).GetAddressBytes().CopyTo(packet, 24);
        return packet;
    }

    /// <summary>An Ethernet + IPv4 + UDP frame of <paramref name="length"/> bytes to 192.0.2.2, the rest a counting pattern.</summary>
    public static byte[] TestFrame(int length)
    {
        byte[] header = Convert.FromHexString(
            "020000000002" + "020000000001" + "0800" + "4500001c000100004011" + "0000" + "c0000201" + "c0000202" + "9c40" + "9c41" + "0008" + "0000");
        byte[] frame = new byte[Math.Max(length, 0)];
        header.AsSpan(0, Math.Min(header.Length, frame.Length)).CopyTo(frame);
        for (int i = header.Length; i < frame.Length; i++)
        {
            frame[i] = (byte)i;
        }

        if (frame.Length >= 18)
        {
            // IPv4 total length: the rest of the frame, so tshark finds nothing malformed.
            int ipLength = Math.Max(28, frame.Length - 14);
            frame[16] = (byte)(ipLength >> 8);
            frame[17] = (byte)ipLength;
        }

        if (frame.Length >= 40)
        {
            int udpLength = frame.Length - 34;
            frame[38] = (byte)(udpLength >> 8);
            frame[39] = (byte)udpLength;
        }

        return frame;
    }
}
