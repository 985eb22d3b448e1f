namespace NetDrop.Packet;

/// <summary>
/// Turns a classic BPF program written for a Linux cooked capture (LINKTYPE_LINUX_SLL or SLL2) into
/// one the kernel can run on a SOCK_DGRAM packet socket, as libpcap does (pcap-linux.c, fix_offset):
/// there the packet starts at the network header and the cooked header does not exist, so loads past
/// the header move back by its length, and loads of its protocol, interface index and packet type
/// fields become the kernel's ancillary loads (SKF_AD_PROTOCOL, SKF_AD_IFINDEX, SKF_AD_PKTTYPE).
/// Any other load inside the header has no kernel equivalent; libpcap then filters in user space,
/// NetDrop refuses the expression instead.
/// </summary>
internal static class CookedFilterOffsets
{
    // linux/filter.h: SKF_AD_OFF and the ancillary data offsets after it.
    private const uint SkfAdOff = unchecked((uint)-0x1000);
    private const uint SkfAdProtocol = 0;
    private const uint SkfAdPktType = 4;
    private const uint SkfAdIfIndex = 8;

    private const int SllHeaderLength = 16;
    private const int Sll2HeaderLength = 20;

    // BPF_CLASS, BPF_MODE and the load modes that take a packet offset in k.
    private const int ClassMask = 0x07;
    private const int ClassLd = 0x00;
    private const int ClassLdx = 0x01;
    private const int ModeMask = 0xe0;
    private const int ModeAbs = 0x20;
    private const int ModeInd = 0x40;
    private const int ModeMsh = 0xa0;

    /// <summary>
    /// Rewrites <paramref name="program"/> (sock_filter bytes, host order) in place for a cooked socket;
    /// null when done, else the offset of the header field the kernel cannot load.
    /// </summary>
    public static uint? Fix(byte[] program, bool sll2)
    {
        for (int at = 0; at + sock_filter.Size <= program.Length; at += sock_filter.Size)
        {
            ushort code = System.BitConverter.ToUInt16(program, at);
            int mode = code & ModeMask;
            if ((code & ClassMask) is not (ClassLd or ClassLdx) || mode is not (ModeAbs or ModeInd or ModeMsh))
            {
                continue;
            }

            uint k = System.BitConverter.ToUInt32(program, at + 4);
            if (Fixed(k, sll2) is not { } fixedK)
            {
                return k;
            }

            System.BitConverter.TryWriteBytes(new System.Span<byte>(program, at + 4, 4), fixedK);
        }

        return null;
    }

    private static uint? Fixed(uint k, bool sll2)
    {
        // Negative offsets are the kernel's own (ancillary data, SKF_NET_OFF, SKF_LL_OFF): they stay.
        if ((int)k < 0)
        {
            return k;
        }

        int header = sll2 ? Sll2HeaderLength : SllHeaderLength;
        if (k >= header)
        {
            return k - (uint)header;
        }

        return (sll2, k) switch
        {
            (true, 0) => SkfAdOff + SkfAdProtocol,
            (true, 4) => SkfAdOff + SkfAdIfIndex,
            (true, 10) => SkfAdOff + SkfAdPktType,
            (false, 0) => SkfAdOff + SkfAdPktType,
            (false, 14) => SkfAdOff + SkfAdProtocol,
            _ => null,
        };
    }
}
