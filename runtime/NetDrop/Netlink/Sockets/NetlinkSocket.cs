using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.Interop;

namespace NetDrop.Netlink.Sockets;

/// <summary>
/// A non-blocking AF_NETLINK socket talking to the kernel. It accepts datagrams from the kernel only
/// (sender port id 0): anything else is discarded and counted, since any local process can send to
/// a netlink port. ENOBUFS (the receive queue overflowed) is reported as
/// <see cref="NetlinkReceiveStatus.Overrun"/> and counted, never thrown.
/// </summary>
public sealed class NetlinkSocket : IDisposable
{
    private readonly FileDescriptor _fd;

    // Only for readiness: a zero-byte MSG_PEEK receive on a Socket wrapping the descriptor waits in
    // the runtime's epoll engine without consuming anything, so async waits hold no thread.
    private readonly Socket _readiness;

    private NetlinkSocket(FileDescriptor fd, NetlinkProtocol protocol, uint portId)
    {
        _fd = fd;
        Protocol = protocol;
        PortId = portId;
        _readiness = new Socket(new SafeSocketHandle(new IntPtr(fd.Value), ownsHandle: false));
    }

    public NetlinkProtocol Protocol { get; }

    /// <summary>The port id the kernel assigned at bind; requests carry it and replies come to it.</summary>
    public uint PortId { get; }

    /// <summary>Times the kernel reported ENOBUFS (one report can stand for many lost messages).</summary>
    public long OverrunReports { get; private set; }

    /// <summary>Datagrams from a sender other than the kernel, discarded unread.</summary>
    public long ForeignDatagramsDiscarded { get; private set; }

    /// <summary>Datagrams longer than the buffer given to receive, discarded (their tail was cut off).</summary>
    public long TruncatedDatagramsDiscarded { get; private set; }

    /// <summary>Opens and binds a socket; the kernel picks the port id.</summary>
    public unsafe static NetlinkSocket Open(NetlinkProtocol protocol)
    {
        int fd = LibC.Socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, (int)protocol);
        if (fd < 0)
        {
            throw new NetlinkSocketException("socket", LibC.LastError);
        }

        var handle = new FileDescriptor(fd);
        try
        {
            var address = new LibC.SockAddrNetlink { nl_family = LibC.AF_NETLINK };
            if (LibC.Bind(fd, &address, sizeof(LibC.SockAddrNetlink)) != 0)
            {
                throw new NetlinkSocketException("bind", LibC.LastError);
            }

            int length = sizeof(LibC.SockAddrNetlink);
            if (LibC.GetSockName(fd, &address, &length) != 0)
            {
                throw new NetlinkSocketException("getsockname", LibC.LastError);
            }

            return new NetlinkSocket(handle, protocol, address.nl_pid);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Asks for extended ACKs (error strings and the offending attribute, Linux 4.12) and for error
    /// messages without the echoed request. Kernels without them ignore the request; returns whether
    /// extended ACKs are on.
    /// </summary>
    public bool EnableExtendedAcks()
    {
        TrySetInt(LibC.SOL_NETLINK, LibC.NETLINK_CAP_ACK, 1);
        return TrySetInt(LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, 1);
    }

    /// <summary>
    /// Sizes the receive queue: SO_RCVBUFFORCE when privileged (it ignores net.core.rmem_max), else
    /// SO_RCVBUF, which the kernel caps at rmem_max.
    /// </summary>
    public ReceiveBufferSize SetReceiveBufferSize(int bytes)
    {
        bool forced = TrySetInt(LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, bytes);
        if (!forced && !TrySetInt(LibC.SOL_SOCKET, LibC.SO_RCVBUF, bytes))
        {
            throw new NetlinkSocketException("setsockopt(SO_RCVBUF)", LibC.LastError);
        }

        return new ReceiveBufferSize(bytes, GetInt(LibC.SOL_SOCKET, LibC.SO_RCVBUF), forced);
    }

    /// <summary>Joins a multicast group by id (from the generic netlink controller).</summary>
    public void JoinGroup(uint group)
    {
        if (!TrySetInt(LibC.SOL_NETLINK, LibC.NETLINK_ADD_MEMBERSHIP, (int)group))
        {
            Errno errno = LibC.LastError;
            throw new NetlinkSocketException($"setsockopt(NETLINK_ADD_MEMBERSHIP, {group})", errno,
                errno == Errno.EPERM ? "this group needs CAP_NET_ADMIN / CAP_SYS_ADMIN" : null);
        }
    }

    public void LeaveGroup(uint group)
    {
        if (!TrySetInt(LibC.SOL_NETLINK, LibC.NETLINK_DROP_MEMBERSHIP, (int)group))
        {
            throw new NetlinkSocketException($"setsockopt(NETLINK_DROP_MEMBERSHIP, {group})", LibC.LastError);
        }
    }

    /// <summary>
    /// Messages the kernel dropped because this socket's receive queue was full (sk_drops, from
    /// SO_MEMINFO, Linux 4.6); null when the kernel cannot say.
    /// </summary>
    public unsafe long? ReadKernelDrops()
    {
        // SK_MEMINFO_VARS has grown over the years; ask for more than any kernel has.
        uint* values = stackalloc uint[16];
        int length = 16 * sizeof(uint);
        if (LibC.GetSockOpt(_fd.Value, LibC.SOL_SOCKET, LibC.SO_MEMINFO, values, &length) != 0 ||
            length <= LibC.SK_MEMINFO_DROPS * sizeof(uint))
        {
            return null;
        }

        return values[LibC.SK_MEMINFO_DROPS];
    }

    /// <summary>Sends one datagram (one or more netlink messages) to the kernel.</summary>
    public unsafe void Send(ReadOnlySpan<byte> datagram)
    {
        var kernel = new LibC.SockAddrNetlink { nl_family = LibC.AF_NETLINK };
        fixed (byte* data = datagram)
        {
            while (true)
            {
                nint sent = LibC.SendTo(_fd.Value, data, datagram.Length, 0, &kernel, sizeof(LibC.SockAddrNetlink));
                if (sent >= 0)
                {
                    return;
                }

                Errno errno = LibC.LastError;
                if (errno != Errno.EINTR)
                {
                    throw new NetlinkSocketException("sendto", errno);
                }
            }
        }
    }

    /// <summary>
    /// Receives one datagram from the kernel without waiting. Datagrams from other senders, and ones
    /// too long for <paramref name="buffer"/>, are discarded and counted, and the next one is tried.
    /// </summary>
    public unsafe NetlinkReceiveStatus TryReceive(Span<byte> buffer, out int length)
    {
        fixed (byte* data = buffer)
        {
            while (true)
            {
                var sender = default(LibC.SockAddrNetlink);
                int addressLength = sizeof(LibC.SockAddrNetlink);

                // MSG_TRUNC makes recvfrom return the datagram's real length, so a cut-off one is seen.
                nint received = LibC.ReceiveFrom(_fd.Value, data, buffer.Length, LibC.MSG_TRUNC | LibC.MSG_DONTWAIT, &sender, &addressLength);
                if (received < 0)
                {
                    length = 0;
                    switch (LibC.LastError)
                    {
                        case Errno.EINTR:
                            continue;
                        case Errno.EAGAIN:
                            return NetlinkReceiveStatus.WouldBlock;
                        case Errno.ENOBUFS:
                            OverrunReports++;
                            return NetlinkReceiveStatus.Overrun;
                        case Errno errno:
                            throw new NetlinkSocketException("recvfrom", errno);
                    }
                }

                if (sender.nl_pid != 0)
                {
                    ForeignDatagramsDiscarded++;
                    continue;
                }

                if (received > buffer.Length)
                {
                    TruncatedDatagramsDiscarded++;
                    continue;
                }

                length = (int)received;
                return NetlinkReceiveStatus.Received;
            }
        }
    }

    /// <summary>Waits until a datagram (or an error report) is queued, or the timeout passes; true when ready.</summary>
    public unsafe bool Wait(TimeSpan timeout)
    {
        var poll = new LibC.PollFd { fd = _fd.Value, events = LibC.POLLIN };
        int milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
        while (true)
        {
            int ready = LibC.Poll(&poll, 1, milliseconds);
            if (ready >= 0)
            {
                return ready > 0;
            }

            Errno errno = LibC.LastError;
            if (errno != Errno.EINTR)
            {
                throw new NetlinkSocketException("poll", errno);
            }
        }
    }

    /// <summary>Waits, without holding a thread, until a datagram (or an error report) is queued.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _readiness.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
        {
            // The peek consumed the ENOBUFS report; count it here, since TryReceive will not see it.
            OverrunReports++;
        }
    }

    public void Dispose()
    {
        _readiness.Dispose();
        _fd.Dispose();
    }

    private unsafe bool TrySetInt(int level, int name, int value) =>
        LibC.SetSockOpt(_fd.Value, level, name, &value, sizeof(int)) == 0;

    private unsafe int GetInt(int level, int name)
    {
        int value = 0;
        int length = sizeof(int);
        if (LibC.GetSockOpt(_fd.Value, level, name, &value, &length) != 0)
        {
            throw new NetlinkSocketException($"getsockopt({level}, {name})", LibC.LastError);
        }

        return value;
    }
}
