using System;
using System.Buffers.Binary;
using NetDrop.Interop;

namespace NetDrop.Netlink;

/// <summary>
/// The payload of an NLMSG_ERROR message (struct nlmsgerr and what follows it): an errno, or 0 for an
/// acknowledgement; the header of the request it answers, with the request's payload unless
/// NLM_F_CAPPED; then, with NLM_F_ACK_TLVS, extended-ack attributes (NLMSGERR_ATTR_*).
/// </summary>
public readonly ref struct NetlinkErrorMessage
{
    // struct nlmsgerr: s32 error, then the request's nlmsghdr.
    private const int ErrorFieldSize = 4;
    private const int MinimumSize = ErrorFieldSize + NetlinkMessageHeader.Size;

    // enum nlmsgerr_attrs in include/uapi/linux/netlink.h.
    private const ushort AttrMsg = 1;
    private const ushort AttrOffs = 2;
    private const ushort AttrCookie = 3;
    private const ushort AttrPolicy = 4;
    private const ushort AttrMissType = 5;
    private const ushort AttrMissNest = 6;

    // struct nlattr, walked here by hand: the general attribute reader lives elsewhere and this
    // type must not depend on it for four fixed attributes.
    private const int AttrHeaderSize = 4;
    private const ushort AttrTypeMask = 0x3FFF; // drops NLA_F_NESTED and NLA_F_NET_BYTEORDER

    private NetlinkErrorMessage(
        int error,
        NetlinkMessageHeader request,
        ReadOnlySpan<byte> requestPayload,
        ReadOnlySpan<byte> extAckMessageUtf8,
        uint? extAckOffset,
        ReadOnlySpan<byte> extAckCookie,
        ReadOnlySpan<byte> extAckPolicy,
        uint? missingAttributeType,
        uint? missingAttributeNest)
    {
        Error = error;
        Request = request;
        RequestPayload = requestPayload;
        ExtAckMessageUtf8 = extAckMessageUtf8;
        ExtAckOffset = extAckOffset;
        ExtAckCookie = extAckCookie;
        ExtAckPolicy = extAckPolicy;
        MissingAttributeType = missingAttributeType;
        MissingAttributeNest = missingAttributeNest;
    }

    /// <summary>nlmsgerr.error as sent: a negative errno, or 0 for an acknowledgement.</summary>
    public int Error { get; }

    /// <summary>The errno <see cref="Error"/> stands for; <see cref="Errno.None"/> for an acknowledgement.</summary>
    public Errno Errno => ErrnoText.FromKernel(Error);

    /// <summary>True for a plain acknowledgement (error 0).</summary>
    public bool IsAck => Error == 0;

    /// <summary>The header of the request this answers, as the kernel echoed it.</summary>
    public NetlinkMessageHeader Request { get; }

    /// <summary>The request's payload when the kernel echoed it (no NLM_F_CAPPED); empty otherwise.</summary>
    public ReadOnlySpan<byte> RequestPayload { get; }

    /// <summary>NLMSGERR_ATTR_MSG without its NUL: the kernel's explanation. Empty when absent.</summary>
    public ReadOnlySpan<byte> ExtAckMessageUtf8 { get; }

    /// <summary>NLMSGERR_ATTR_OFFS: offset of the offending attribute from the start of the request's nlmsghdr.</summary>
    public uint? ExtAckOffset { get; }

    /// <summary>NLMSGERR_ATTR_COOKIE: opaque bytes some families return on success. Empty when absent.</summary>
    public ReadOnlySpan<byte> ExtAckCookie { get; }

    /// <summary>NLMSGERR_ATTR_POLICY: nested description of the policy the attribute broke. Empty when absent.</summary>
    public ReadOnlySpan<byte> ExtAckPolicy { get; }

    /// <summary>NLMSGERR_ATTR_MISS_TYPE: type of a required attribute that was missing.</summary>
    public uint? MissingAttributeType { get; }

    /// <summary>NLMSGERR_ATTR_MISS_NEST: offset of the nest the missing attribute belonged in.</summary>
    public uint? MissingAttributeNest { get; }

    /// <summary>Decodes an NLMSG_ERROR message; false when it is not one or is malformed.</summary>
    public static bool TryParse(NetlinkMessage message, out NetlinkErrorMessage error)
    {
        if (message.Header.Type != NetlinkMessageType.Error)
        {
            error = default;
            return false;
        }

        return TryParse(message.Payload, message.Header.Flags, out error);
    }

    /// <summary>
    /// Decodes the payload of an NLMSG_ERROR message whose header carried <paramref name="flags"/>.
    /// False when the payload is too short, the echoed request does not fit, or the extended-ack
    /// attributes are malformed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, NetlinkMessageFlags flags, out NetlinkErrorMessage error)
    {
        error = default;
        if (payload.Length < MinimumSize)
        {
            return false;
        }

        int code = BinaryPrimitives.ReadInt32LittleEndian(payload);
        NetlinkMessageHeader.TryRead(payload[ErrorFieldSize..], out NetlinkMessageHeader request);

        int echoedLength = NetlinkMessageHeader.Size;
        if ((flags & NetlinkMessageFlags.Capped) == 0)
        {
            if (request.Length < NetlinkMessageHeader.Size || request.Length > (uint)(payload.Length - ErrorFieldSize))
            {
                return false;
            }

            echoedLength = (int)request.Length;
        }

        ReadOnlySpan<byte> requestPayload = payload.Slice(ErrorFieldSize + NetlinkMessageHeader.Size, echoedLength - NetlinkMessageHeader.Size);

        ReadOnlySpan<byte> message = default;
        ReadOnlySpan<byte> cookie = default;
        ReadOnlySpan<byte> policy = default;
        uint? offset = null;
        uint? missingType = null;
        uint? missingNest = null;

        if ((flags & NetlinkMessageFlags.AckTlvs) != 0)
        {
            // The kernel pads the echoed request to NLMSG_ALIGN before the attributes.
            int position = NetlinkMessageHeader.Align(ErrorFieldSize + echoedLength);
            while (position < payload.Length)
            {
                int remaining = payload.Length - position;
                if (remaining < AttrHeaderSize)
                {
                    return false;
                }

                int length = BinaryPrimitives.ReadUInt16LittleEndian(payload[position..]);
                int type = BinaryPrimitives.ReadUInt16LittleEndian(payload[(position + 2)..]) & AttrTypeMask;
                if (length < AttrHeaderSize || length > remaining)
                {
                    return false;
                }

                ReadOnlySpan<byte> value = payload.Slice(position + AttrHeaderSize, length - AttrHeaderSize);
                switch (type)
                {
                    case AttrMsg:
                        int nul = value.IndexOf((byte)0);
                        message = nul >= 0 ? value[..nul] : value;
                        break;
                    case AttrOffs:
                        if (!TryReadU32(value, out uint offs))
                        {
                            return false;
                        }

                        offset = offs;
                        break;
                    case AttrCookie:
                        cookie = value;
                        break;
                    case AttrPolicy:
                        policy = value;
                        break;
                    case AttrMissType:
                        if (!TryReadU32(value, out uint missType))
                        {
                            return false;
                        }

                        missingType = missType;
                        break;
                    case AttrMissNest:
                        if (!TryReadU32(value, out uint missNest))
                        {
                            return false;
                        }

                        missingNest = missNest;
                        break;
                }

                // Attributes are padded to 4; the last one may lack its padding.
                position = Math.Min(payload.Length, position + ((length + 3) & ~3));
            }
        }

        error = new NetlinkErrorMessage(code, request, requestPayload, message, offset, cookie, policy, missingType, missingNest);
        return true;
    }

    private static bool TryReadU32(ReadOnlySpan<byte> value, out uint result)
    {
        if (value.Length != 4)
        {
            result = 0;
            return false;
        }

        result = BinaryPrimitives.ReadUInt32LittleEndian(value);
        return true;
    }
}
