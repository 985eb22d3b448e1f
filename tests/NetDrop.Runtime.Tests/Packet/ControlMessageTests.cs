using System;
using System.Buffers.Binary;
using NetDrop.Packet;

namespace NetDrop.Tests.Packet;

/// <summary>Decoding the control messages recvmsg hands back with a packet (64-bit Linux cmsghdr layout).</summary>
public sealed class ControlMessageTests
{
    [Fact]
    public void Auxdata_timestamp_and_drop_count_are_decoded()
    {
        byte[] control = new byte[256];
        int offset = 0;
        var aux = new tpacket_auxdata { tp_status = (uint)(TpStatus.User | TpStatus.CsumValid | TpStatus.VlanValid), tp_len = 1514, tp_snaplen = 128, tp_net = 14, tp_vlan_tci = 42 };
        offset = Append(control, offset, AfPacketSocketLevels.SOL_PACKET, AfPacketControlMessages.PACKET_AUXDATA, Bytes(aux));
        var time = new timespec { tv_sec = 1_700_000_000, tv_nsec = 123_456_789 };
        offset = Append(control, offset, AfPacketSocketLevels.SOL_SOCKET, AfPacketControlMessages.SO_TIMESTAMPNS, Bytes(time));
        offset = Append(control, offset, AfPacketSocketLevels.SOL_SOCKET, 99, new byte[3]);
        offset = Append(control, offset, AfPacketSocketLevels.SOL_SOCKET, AfPacketControlMessages.SO_RXQ_OVFL, BitConverter.GetBytes(4000u));

        PacketControlMessages messages = PacketControlMessages.Parse(control.AsSpan(0, offset));

        Assert.True(messages.HasAuxData);
        Assert.Equal(1514u, messages.AuxData.tp_len);
        Assert.Equal(128u, messages.AuxData.tp_snaplen);
        Assert.Equal((ushort)42, messages.AuxData.tp_vlan_tci);
        Assert.True(messages.HasTimestamp);
        Assert.Equal(123_456_789, messages.Timestamp.tv_nsec);
        Assert.Equal(4000u, messages.DropCount);
        Assert.Equal(0, messages.Malformed);
    }

    [Fact]
    public void A_message_longer_than_the_buffer_or_shorter_than_its_payload_is_counted_not_read()
    {
        byte[] control = new byte[64];
        int offset = Append(control, 0, AfPacketSocketLevels.SOL_SOCKET, AfPacketControlMessages.SO_TIMESTAMPNS, new byte[8]);
        BinaryPrimitives.WriteUInt64LittleEndian(control.AsSpan(offset), 4096);
        offset += 16;

        PacketControlMessages messages = PacketControlMessages.Parse(control.AsSpan(0, offset));

        Assert.False(messages.HasTimestamp);
        Assert.Equal(2, messages.Malformed);
        Assert.Equal(0u, messages.DropCount);
    }

    [Fact]
    public void The_gap_ledger_gives_every_drop_to_exactly_one_frame_or_leaves_it_pending()
    {
        var ledger = default(GapLedger);
        var random = new Random(9);
        long added = 0;
        long given = 0;
        for (int i = 0; i < 10_000; i++)
        {
            if (random.Next(3) == 0)
            {
                long drops = random.Next(0, 50);
                ledger.Add(drops);
                added += drops;
            }

            if (random.Next(2) == 0)
            {
                given += ledger.Take(out _);
            }

            Assert.Equal(added, given + ledger.Pending);
            Assert.Equal(given, ledger.Attributed);
        }
    }

    private static int Append(byte[] control, int offset, int level, int type, byte[] payload)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(control.AsSpan(offset), (ulong)(16 + payload.Length));
        BinaryPrimitives.WriteInt32LittleEndian(control.AsSpan(offset + 8), level);
        BinaryPrimitives.WriteInt32LittleEndian(control.AsSpan(offset + 12), type);
        payload.CopyTo(control, offset + 16);
        return offset + ((16 + payload.Length + 7) & ~7);
    }

    private static byte[] Bytes<T>(T value)
        where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
