namespace NetDrop.Tests.Capture;

/// <summary>What Wireshark's "tshark -V" decode says about one frame of a capture.</summary>
internal sealed class TsharkFrame
{
    public int Number { get; set; }

    public int WireLength { get; set; }

    public int CapturedLength { get; set; }

    /// <summary>"Epoch Time", converted to nanoseconds exactly from its decimal text.</summary>
    public long EpochNanoseconds { get; set; }

    /// <summary>"Link-layer address type: Netlink (824)".</summary>
    public int LinkLayerAddressType { get; set; }

    /// <summary>"Family: Generic (0x0010)" of the cooked header.</summary>
    public int Family { get; set; }

    /// <summary>The frame's own nlmsghdr.</summary>
    public TsharkNetlinkHeader? Message { get; set; }

    /// <summary>For NLMSG_ERROR: the echoed request's nlmsghdr.</summary>
    public TsharkNetlinkHeader? EchoedRequest { get; set; }

    /// <summary>For NLMSG_ERROR: "Error code: Success (0)".</summary>
    public int? ErrorCode { get; set; }

    /// <summary>For generic netlink: "Command: ... (3)".</summary>
    public int? GenlCommand { get; set; }

    /// <summary>For generic netlink: "Family Version: 1".</summary>
    public int? GenlVersion { get; set; }
}

/// <summary>The nlmsghdr fields as tshark prints them.</summary>
internal sealed record TsharkNetlinkHeader(uint Length, ushort Type, ushort Flags, uint Sequence, uint PortId);
