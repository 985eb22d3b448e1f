using System;
using NetDrop.Interop;

namespace NetDrop.Packet;

/// <summary>
/// Reads frames with recvmsg from the socket's receive queue, into one buffer reused for every frame.
/// PACKET_AUXDATA gives the original length and status bits, SO_TIMESTAMPNS the time, and SO_RXQ_OVFL
/// the socket's drop count when each frame was queued: the difference between two frames' counts is
/// exactly the number of frames dropped between them.
/// </summary>
internal sealed unsafe class RecvmsgReceiver : PacketReceiver
{
    // Room for the three control messages (CMSG_SPACE of 20, 16 and 4 bytes) and then some.
    private const int ControlSize = 256;

    private readonly PacketSocket _socket;
    private readonly byte[] _buffer;
    private readonly byte[] _control = new byte[ControlSize];
    private uint _lastDropCount;

    public RecvmsgReceiver(PacketSocket socket, int maxFrameLength)
    {
        _socket = socket;
        _buffer = GC.AllocateUninitializedArray<byte>(maxFrameLength, pinned: true);
    }

    /// <summary>Control messages that did not add up, and frames without the PACKET_AUXDATA message.</summary>
    public long ControlMessagesMissing { get; private set; }

    public override bool TryRead(out PacketFrame frame)
    {
        sockaddr_ll address = default;
        nint received;
        int flags;
        int controlLength;
        int failures = 0;
        fixed (byte* data = _buffer)
        fixed (byte* control = _control)
        {
            var vector = new LibC.IoVec { iov_base = data, iov_len = (nuint)_buffer.Length };
            var message = new LibC.MsgHdr
            {
                msg_name = &address,
                msg_namelen = (uint)sockaddr_ll.Size,
                msg_iov = &vector,
                msg_iovlen = 1,
                msg_control = control,
                msg_controllen = ControlSize,
            };

            while (true)
            {
                // MSG_TRUNC: the kernel returns the frame's whole length even when the buffer is shorter.
                received = LibC.ReceiveMessage(_socket.Descriptor, &message, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC);
                if (received >= 0)
                {
                    break;
                }

                Errno errno = LibC.LastError;
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                if (errno == Errno.EAGAIN)
                {
                    frame = default;
                    return false;
                }

                // A pending socket error is reported (and cleared) before the frames still queued:
                // keep it for the capture to raise once they are read.
                Failure ??= new PacketSocketException($"recvmsg on {_socket.Describe()}", errno,
                    errno == Errno.ENETDOWN ? "the interface went down or was deleted; the frames read so far are complete" : null);
                if (++failures > 1)
                {
                    frame = default;
                    return false;
                }
            }

            flags = message.msg_flags;
            controlLength = (int)message.msg_controllen;
        }

        PacketControlMessages messages = PacketControlMessages.Parse(_control.AsSpan(0, Math.Min(controlLength, ControlSize)));
        if (!messages.HasAuxData || messages.Malformed > 0 || (flags & LibC.MSG_CTRUNC) != 0)
        {
            ControlMessagesMissing++;
        }

        // sk_drops is a 32-bit counter: unsigned subtraction survives its wrap.
        Ledger.Add(messages.DropCount - _lastDropCount);
        _lastDropCount = messages.DropCount;

        int captured = (int)Math.Min(received, _buffer.Length);
        uint original = messages.HasAuxData ? messages.AuxData.tp_len : (uint)received;
        long timestamp = messages.HasTimestamp ? (messages.Timestamp.tv_sec * 1_000_000_000L) + messages.Timestamp.tv_nsec : 0;
        FramesRead++;
        frame = new PacketFrame(
            new ReadOnlySpan<byte>(_buffer, 0, captured),
            original,
            timestamp,
            Ledger.Take(out bool approximate),
            messages.HasAuxData ? (TpStatus)messages.AuxData.tp_status : 0,
            address.sll_ifindex,
            (PacketType)address.sll_pkttype,
            HostOrder(address.sll_protocol),
            messages.AuxData.tp_vlan_tci,
            messages.AuxData.tp_vlan_tpid,
            0,
            approximate,
            address.sll_hatype,
            address.sll_halen,
            PacketFrame.AddressOf(in address));
        return true;
    }
}
