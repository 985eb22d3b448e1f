using System;
using System.Buffers.Binary;

namespace NetDrop.Packet;

/// <summary>
/// What the control messages of one recvmsg said about its packet: PACKET_AUXDATA, SO_TIMESTAMPNS and
/// SO_RXQ_OVFL, decoded with the layouts generated from af_packet.yaml. Messages of other types, and
/// ones shorter than their payload, are skipped.
/// </summary>
internal ref struct PacketControlMessages
{
    // struct cmsghdr on 64-bit Linux: size_t cmsg_len, int cmsg_level, int cmsg_type.
    private const int HeaderSize = 16;

    public bool HasAuxData;
    public tpacket_auxdata AuxData;
    public bool HasTimestamp;
    public timespec Timestamp;

    /// <summary>The socket's drop count when the packet was queued; the kernel leaves the message out while it is 0.</summary>
    public uint DropCount;

    /// <summary>Messages whose length did not fit the control buffer or their payload.</summary>
    public int Malformed;

    public static PacketControlMessages Parse(ReadOnlySpan<byte> control)
    {
        var result = default(PacketControlMessages);
        int offset = 0;
        while (offset + HeaderSize <= control.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(control.Slice(offset));
            int level = BinaryPrimitives.ReadInt32LittleEndian(control.Slice(offset + 8));
            int type = BinaryPrimitives.ReadInt32LittleEndian(control.Slice(offset + 12));
            if (length < HeaderSize || length > (ulong)(control.Length - offset))
            {
                result.Malformed++;
                break;
            }

            ReadOnlySpan<byte> payload = control.Slice(offset + HeaderSize, (int)length - HeaderSize);
            if (level == AfPacketSocketLevels.SOL_PACKET && type == AfPacketControlMessages.PACKET_AUXDATA)
            {
                result.HasAuxData = payload.Length >= AfPacketControlMessages.PayloadSize.PACKET_AUXDATA && tpacket_auxdata.TryRead(payload, out result.AuxData);
                result.Malformed += result.HasAuxData ? 0 : 1;
            }
            else if (level == AfPacketSocketLevels.SOL_SOCKET && type == AfPacketControlMessages.SO_TIMESTAMPNS)
            {
                result.HasTimestamp = payload.Length >= AfPacketControlMessages.PayloadSize.SO_TIMESTAMPNS && timespec.TryRead(payload, out result.Timestamp);
                result.Malformed += result.HasTimestamp ? 0 : 1;
            }
            else if (level == AfPacketSocketLevels.SOL_SOCKET && type == AfPacketControlMessages.SO_RXQ_OVFL)
            {
                if (payload.Length >= AfPacketControlMessages.PayloadSize.SO_RXQ_OVFL)
                {
                    result.DropCount = BinaryPrimitives.ReadUInt32LittleEndian(payload);
                }
                else
                {
                    result.Malformed++;
                }
            }

            // CMSG_NXTHDR: the next header starts at the next 8-byte boundary.
            offset += (int)((length + 7) & ~7UL);
        }

        return result;
    }
}
