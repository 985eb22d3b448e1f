using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NetDrop.Interop;
using NetDrop.Netlink.Sockets;
using NetDrop.Tests.LiveKernel;
using NetDrop.Tests.Packet;

namespace NetDrop.Tests.Faults;

/// <summary>
/// Any local process may send a datagram to a netlink port. A NetDrop socket takes only what the kernel
/// sends (sender port id 0): a message forged by a userspace socket in the same namespace is dropped
/// unread and counted, and the kernel's reply queued behind it is the one received.
/// </summary>
[Trait("Needs", "live-kernel")]
public sealed class ForeignNetlinkSenderTests
{
    private const int NlmsgHeaderLength = 16;
    private const ushort NlmsgNoop = 1;
    private const ushort NlmsgError = 2;
    private const ushort NlmFRequest = 0x1;
    private const ushort NlmFAck = 0x4;

    [LiveKernelFact]
    public void A_datagram_from_a_userspace_port_is_discarded_and_counted_and_the_kernels_reply_is_read()
    {
        using var ns = new NetworkNamespace();
        (int kernelReplyType, int kernelReplyError, long discarded, bool nothingElse) = CaptureLab.InNamespace(ns, () =>
        {
            using NetlinkSocket ours = NetlinkSocket.Open(NetlinkProtocol.Generic);
            using var forger = new FileDescriptor(LibC.Socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, (int)NetlinkProtocol.Generic));
            Assert.True(forger.Value >= 0, "a userspace netlink socket opens");

            // A well-formed ack (NLMSG_ERROR, error 0) of the very sequence number asked next: read, it would pass for the kernel's answer.
            Span<byte> forged = stackalloc byte[NlmsgHeaderLength + 20];
            Header(forged, NlmsgError, 0, sequence: 8, ours.PortId);
            SendTo(forger, forged, ours.PortId);

            // Then a real request to the kernel: NLMSG_NOOP with NLM_F_ACK is answered by an ack (error 0).
            Span<byte> noop = stackalloc byte[NlmsgHeaderLength];
            Header(noop, NlmsgNoop, NlmFRequest | NlmFAck, sequence: 8, ours.PortId);
            ours.Send(noop);

            Assert.True(ours.Wait(TimeSpan.FromSeconds(5)), "the kernel answers the NOOP");
            Span<byte> buffer = stackalloc byte[4096];
            Assert.Equal(NetlinkReceiveStatus.Received, ours.TryReceive(buffer, out int length));
            Assert.True(length >= NlmsgHeaderLength + 4);
            Assert.Equal(8u, BinaryPrimitives.ReadUInt32LittleEndian(buffer.Slice(8)));
            int type = BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(4));
            int error = BinaryPrimitives.ReadInt32LittleEndian(buffer.Slice(NlmsgHeaderLength));
            bool empty = ours.TryReceive(buffer, out _) == NetlinkReceiveStatus.WouldBlock;
            return (type, error, ours.ForeignDatagramsDiscarded, empty);
        });

        Assert.Equal(NlmsgError, kernelReplyType);
        Assert.Equal(0, kernelReplyError);
        Assert.Equal(1, discarded);
        Assert.True(nothingElse, "the forged datagram is not handed over later either");
    }

    private static void Header(Span<byte> message, ushort type, ushort flags, uint sequence, uint portId)
    {
        message.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.Slice(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.Slice(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(message.Slice(8), sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(message.Slice(12), portId);
    }

    /// <summary>sendto a userspace port (the kernel binds the forger to a port id of its own on the way).</summary>
    private static unsafe void SendTo(FileDescriptor from, ReadOnlySpan<byte> datagram, uint portId)
    {
        int fd = from.Value;
        var target = new LibC.SockAddrNetlink { nl_family = LibC.AF_NETLINK, nl_pid = portId };
        fixed (byte* data = datagram)
        {
            nint sent = LibC.SendTo(fd, data, datagram.Length, 0, &target, sizeof(LibC.SockAddrNetlink));
            Assert.True(sent == datagram.Length, $"sendto a userspace port failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
