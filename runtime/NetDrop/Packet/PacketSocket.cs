using System;
using System.Runtime.InteropServices;
using System.Threading;
using NetDrop.Interop;
using NetDrop.Metadata;

namespace NetDrop.Packet;

/// <summary>
/// An AF_PACKET SOCK_RAW socket: whole link-layer frames from the MAC header on, of one protocol
/// (every protocol by default), on one interface once bound. Its options are set through the typed
/// accessors generated from af_packet.yaml (<see cref="AfPacketSocketOptionAccessors"/>), which call
/// <see cref="ISocketOptions"/> here. The descriptor is owned by a SafeHandle and closed on Dispose,
/// which also undoes memberships (promiscuous mode) and leaves a fanout group.
/// </summary>
public sealed class PacketSocket : ISocketOptions, IDisposable
{
    /// <summary>ETH_P_ALL: frames of every protocol, incoming and outgoing.</summary>
    public const ushort AllProtocols = LibC.ETH_P_ALL;

    private const string CapabilityHint =
        "packet sockets need CAP_NET_RAW: run as root, or give the program the capability (sudo setcap cap_net_raw+ep PROGRAM)";

    private readonly FileDescriptor _fd;

    private PacketSocket(FileDescriptor fd, ushort protocol, bool cooked = false)
    {
        _fd = fd;
        Protocol = protocol;
        Cooked = cooked;
    }

    /// <summary>The ETH_P_* protocol the socket receives, in host byte order.</summary>
    public ushort Protocol { get; }

    /// <summary>
    /// True for a SOCK_DGRAM socket (<see cref="OpenCooked"/>): frames start at the network header, and the
    /// link layer is described only by each frame's address (hardware type, source address, interface).
    /// </summary>
    public bool Cooked { get; }

    /// <summary>The interface the socket is bound to, or 0 when it receives from every interface.</summary>
    public int InterfaceIndex { get; private set; }

    /// <summary>The name the socket was bound by (or looked up for its index), null when unbound.</summary>
    public string? InterfaceName { get; private set; }

    internal int Descriptor => _fd.Value;

    /// <summary>
    /// Opens a packet socket for <paramref name="protocol"/> (host byte order; <see cref="AllProtocols"/>
    /// by default). It receives nothing until bound (<c>Bind(0)</c> for every interface), so a ring,
    /// filter or option set in between sees no frame that came before it.
    /// </summary>
    /// <exception cref="PacketSocketException">Without CAP_NET_RAW (EPERM), with a message that says what to do.</exception>
    public static PacketSocket Open(ushort protocol = AllProtocols) => Open(protocol, cooked: false);

    /// <summary>
    /// Opens a SOCK_DGRAM packet socket, as libpcap does for its "any" device: the kernel takes off each
    /// frame's link-layer header, whatever the interface's type, so frames from every interface can be
    /// written alike (LINKTYPE_LINUX_SLL2, built from each frame's address). Nothing arrives until bound.
    /// </summary>
    /// <exception cref="PacketSocketException">Without CAP_NET_RAW (EPERM), with a message that says what to do.</exception>
    public static PacketSocket OpenCooked(ushort protocol = AllProtocols) => Open(protocol, cooked: true);

    /// <summary>The name of the interface with index <paramref name="interfaceIndex"/> in this network namespace, or null when there is none.</summary>
    public static string? InterfaceNameOf(int interfaceIndex) => interfaceIndex <= 0 ? null : NameOf(interfaceIndex);

    private static PacketSocket Open(ushort protocol, bool cooked)
    {
        // Protocol 0 registers no receive hook yet; bind registers it with the protocol.
        int fd = LibC.Socket(LibC.AF_PACKET, (cooked ? LibC.SOCK_DGRAM : LibC.SOCK_RAW) | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            Errno errno = LibC.LastError;
            throw new PacketSocketException("socket(AF_PACKET)", errno,
                errno is Errno.EPERM or Errno.EACCES ? CapabilityHint : null);
        }

        return new PacketSocket(new FileDescriptor(fd), protocol, cooked);
    }

    /// <summary>Binds to the interface called <paramref name="interfaceName"/> (e.g. "eth0").</summary>
    /// <exception cref="PacketSocketException">ENODEV when there is no such interface in this network namespace.</exception>
    public void Bind(string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        uint index = LibC.InterfaceNameToIndex(interfaceName);
        if (index == 0)
        {
            throw new PacketSocketException($"if_nametoindex({interfaceName})", Errno.ENODEV,
                $"there is no interface '{interfaceName}' in this network namespace (see 'ip link')");
        }

        BindIndex((int)index, interfaceName);
    }

    /// <summary>Binds to the interface with index <paramref name="interfaceIndex"/> (0: every interface).</summary>
    public void Bind(int interfaceIndex) => BindIndex(interfaceIndex, interfaceIndex == 0 ? null : NameOf(interfaceIndex));

    /// <summary>
    /// Puts the bound interface in promiscuous mode (PACKET_ADD_MEMBERSHIP with PACKET_MR_PROMISC), so
    /// frames for other hosts' MAC addresses are seen too; <c>false</c> drops the membership again.
    /// The kernel undoes it when the socket closes.
    /// </summary>
    public void SetPromiscuous(bool on)
    {
        if (InterfaceIndex == 0)
        {
            throw new InvalidOperationException("Promiscuous mode is per interface: bind the socket to one first.");
        }

        var request = new packet_mreq { mr_ifindex = InterfaceIndex, mr_type = (ushort)PacketMr.Promisc };
        if (on)
        {
            this.SetAddMembership(in request);
        }
        else
        {
            this.SetDropMembership(in request);
        }
    }

    /// <summary>Joins a fanout group. Bind (and create the ring) first: the kernel groups sockets bound alike.</summary>
    public void JoinFanout(PacketFanout fanout) => this.SetFanout(fanout.OptionValue);

    /// <summary>
    /// Attaches a classic BPF program given as the bytes of a sock_filter array (8 bytes per
    /// instruction, host byte order; what <c>tcpdump -ddd</c> describes). Frames it rejects never reach
    /// the socket and are not counted as drops.
    /// </summary>
    /// <exception cref="ArgumentException">The length is not a whole number of instructions (1 to 4096).</exception>
    /// <exception cref="PacketSocketException">EINVAL when the kernel's verifier rejects the program.</exception>
    public unsafe void AttachFilter(ReadOnlySpan<byte> instructions)
    {
        if (instructions.Length == 0 || instructions.Length % sock_filter.Size != 0 || instructions.Length / sock_filter.Size > 4096)
        {
            throw new ArgumentException(
                $"A classic BPF program is 1 to 4096 sock_filter instructions of {sock_filter.Size} bytes; {instructions.Length} bytes is not.",
                nameof(instructions));
        }

        fixed (byte* program = instructions)
        {
            var fprog = new sock_fprog { len = (ushort)(instructions.Length / sock_filter.Size), filter = (ulong)program };
            this.SetAttachFilter(in fprog);
        }
    }

    /// <summary>Sends one whole frame (from its MAC header) out of the bound interface.</summary>
    public unsafe void Send(ReadOnlySpan<byte> frame)
    {
        if (InterfaceIndex == 0)
        {
            throw new InvalidOperationException("Bind the socket to an interface before sending.");
        }

        var address = new sockaddr_ll { sll_family = LibC.AF_PACKET, sll_protocol = Network(Protocol), sll_ifindex = InterfaceIndex };
        fixed (byte* data = frame)
        {
            while (true)
            {
                nint sent = LibC.SendTo(_fd.Value, data, frame.Length, 0, &address, sockaddr_ll.Size);
                if (sent >= 0)
                {
                    return;
                }

                Errno errno = LibC.LastError;
                if (errno != Errno.EINTR)
                {
                    throw new PacketSocketException("sendto", errno, Hint(errno));
                }
            }
        }
    }

    /// <summary>
    /// Waits until the socket has something to read or a pending error, the timeout passes, or
    /// <paramref name="cancellation"/> is cancelled (seen within 50 ms). True when it is readable.
    /// </summary>
    /// <exception cref="PacketSocketException">The socket has an error: ENETDOWN when its interface went away.</exception>
    /// <exception cref="OperationCanceledException">On cancellation.</exception>
    public unsafe bool Wait(TimeSpan timeout, CancellationToken cancellation = default)
    {
        // Cancellation is polled in short slices rather than through a registration (an eventfd
        // woken by the token): a registration allocates on every wait, and a capture waits often.
        long deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)Math.Max(0, timeout.TotalMilliseconds);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            long left = deadline == long.MaxValue ? 50 : Math.Clamp(deadline - Environment.TickCount64, 0, 50);
            var poll = new LibC.PollFd { fd = _fd.Value, events = LibC.POLLIN };
            int ready = LibC.Poll(&poll, 1, (int)left);
            if (ready < 0)
            {
                Errno errno = LibC.LastError;
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                throw new PacketSocketException("poll", errno);
            }

            if (ready > 0)
            {
                if ((poll.revents & (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL)) != 0 && (poll.revents & LibC.POLLIN) == 0)
                {
                    ThrowPendingError();
                }

                return true;
            }

            if (Environment.TickCount64 >= deadline)
            {
                return false;
            }
        }
    }

    /// <summary>Reads and clears the socket's pending error (SO_ERROR) and throws it, if there is one.</summary>
    internal void ThrowPendingError()
    {
        // SO_ERROR hands over a positive errno.
        this.GetError(out int error);
        var errno = (Errno)error;
        if (errno != Errno.None)
        {
            throw new PacketSocketException($"receive on {Describe()}", errno, Hint(errno));
        }
    }

    [SocketOptionSetter("name", "value", LevelParameter = "level")]
    public unsafe void SetOption<T>(int level, int name, string optionName, in T value)
        where T : unmanaged
    {
        fixed (T* pointer = &value)
        {
            if (LibC.SetSockOpt(_fd.Value, level, name, pointer, sizeof(T)) != 0)
            {
                Errno errno = LibC.LastError;
                throw new PacketSocketException($"setsockopt({optionName})", errno, Hint(errno));
            }
        }
    }

    [SocketOptionSetter("name", "value", LevelParameter = "level")]
    public unsafe void SetOption(int level, int name, string optionName, ReadOnlySpan<byte> value)
    {
        fixed (byte* pointer = value)
        {
            if (LibC.SetSockOpt(_fd.Value, level, name, pointer, value.Length) != 0)
            {
                Errno errno = LibC.LastError;
                throw new PacketSocketException($"setsockopt({optionName})", errno, Hint(errno));
            }
        }
    }

    [SocketOptionGetter("name", "value", LevelParameter = "level")]
    public void GetOption<T>(int level, int name, string optionName, out T value)
        where T : unmanaged
    {
        value = default;
        ExchangeOption(level, name, optionName, ref value);
    }

    [SocketOptionGetter("name", "value", LevelParameter = "level")]
    public unsafe void ExchangeOption<T>(int level, int name, string optionName, ref T value)
        where T : unmanaged
    {
        int length = sizeof(T);
        fixed (T* pointer = &value)
        {
            if (LibC.GetSockOpt(_fd.Value, level, name, pointer, &length) != 0)
            {
                Errno errno = LibC.LastError;
                throw new PacketSocketException($"getsockopt({optionName})", errno, Hint(errno));
            }
        }

        if (length != sizeof(T))
        {
            throw new PacketSocketException($"getsockopt({optionName})", Errno.EINVAL,
                $"the kernel returned {length} bytes where {sizeof(T)} were expected");
        }
    }

    public void Dispose() => _fd.Dispose();

    internal string Describe() => InterfaceName is { } name ? $"interface {name}" : InterfaceIndex == 0 ? "every interface" : $"interface index {InterfaceIndex}";

    private unsafe void BindIndex(int interfaceIndex, string? name)
    {
        var address = new sockaddr_ll { sll_family = LibC.AF_PACKET, sll_protocol = Network(Protocol), sll_ifindex = interfaceIndex };
        if (LibC.Bind(_fd.Value, &address, sockaddr_ll.Size) != 0)
        {
            Errno errno = LibC.LastError;
            throw new PacketSocketException($"bind({name ?? "ifindex " + interfaceIndex})", errno,
                errno is Errno.ENODEV or Errno.ENXIO ? $"there is no interface with index {interfaceIndex} in this network namespace (see 'ip link')" : Hint(errno));
        }

        InterfaceIndex = interfaceIndex;
        InterfaceName = name;
    }

    private static unsafe string? NameOf(int interfaceIndex)
    {
        // IF_NAMESIZE (16) bytes, NUL included.
        byte* name = stackalloc byte[16];
        return LibC.InterfaceIndexToName((uint)interfaceIndex, name) is null ? null : Marshal.PtrToStringUTF8((nint)name);
    }

    private static string? Hint(Errno errno) => errno switch
    {
        Errno.EPERM or Errno.EACCES => CapabilityHint,
        Errno.ENETDOWN => "the interface went down or was deleted; the frames read so far are complete, start a new capture once it is back",
        Errno.ENXIO or Errno.ENODEV => "the interface no longer exists",
        Errno.ENOMEM => "the kernel could not allocate the ring: ask for fewer or smaller blocks",
        _ => null,
    };

    private static ushort Network(ushort protocol) => (ushort)((protocol >> 8) | (protocol << 8));
}
