using NetDrop.Bpf.Btf;

namespace NetDrop.Bpf;

/// <summary>
/// Where the drop program finds what it reads in the running kernel's structs, from its BTF. Each
/// member's size is checked against the width the program reads, so a kernel whose layout changed
/// shape is an error at load, not wrong values.
/// </summary>
public sealed record KernelOffsets(
    int SkbDevice,
    int SkbSocket,
    int SkbLength,
    int SkbDataLength,
    int SkbMark,
    int SkbInputInterface,
    int SkbMacHeader,
    int SkbNetworkHeader,
    int SkbHead,
    int SkbData,
    int DeviceIndex,
    int DeviceName,
    int DeviceNamespace,
    int NamespaceInode,
    int SocketLocalPort,
    int SocketNamespace)
{
    /// <summary>IFNAMSIZ.</summary>
    public const int InterfaceNameLength = 16;

    public static KernelOffsets From(BtfTypes btf) => new(
        Member(btf, "sk_buff.dev", 8),
        Member(btf, "sk_buff.sk", 8),
        Member(btf, "sk_buff.len", 4),
        Member(btf, "sk_buff.data_len", 4),
        Member(btf, "sk_buff.mark", 4),
        Member(btf, "sk_buff.skb_iif", 4),
        Member(btf, "sk_buff.mac_header", 2),
        Member(btf, "sk_buff.network_header", 2),
        Member(btf, "sk_buff.head", 8),
        Member(btf, "sk_buff.data", 8),
        Member(btf, "net_device.ifindex", 4),
        Member(btf, "net_device.name", InterfaceNameLength),
        Member(btf, "net_device.nd_net.net", 8),
        Member(btf, "net.ns.inum", 4),
        Member(btf, "sock.__sk_common.skc_num", 2),
        Member(btf, "sock.__sk_common.skc_net.net", 8));

    private static int Member(BtfTypes btf, string path, int size)
    {
        BtfMember member = btf.Resolve(path);
        if (member.IsBitfield || member.Size != size)
        {
            throw new BtfLookupException($"{path} is {(member.IsBitfield ? $"a {member.BitSize}-bit bitfield" : $"{member.Size} bytes")} in this kernel; the drop program reads {size} bytes.");
        }

        if (member.Offset > short.MaxValue)
        {
            throw new BtfLookupException($"{path} is at offset {member.Offset}, beyond what one instruction can address.");
        }

        return (int)member.Offset;
    }
}
