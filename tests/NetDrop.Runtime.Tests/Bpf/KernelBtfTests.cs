using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using NetDrop.Bpf.Btf;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Bpf;

/// <summary>
/// The running kernel's BTF read by NetDrop's reader against pahole reading the same file: every
/// member the drop program uses is at the offset, and of the size, pahole prints.
/// </summary>
public sealed partial class KernelBtfTests
{
    private static readonly Lazy<BtfTypes> s_kernel = new(BtfTypes.LoadKernel);
    private static readonly Dictionary<string, string> s_pahole = new();

    // A member path, and the (struct, member) steps pahole shows it in: their offsets add up.
    public static TheoryData<string, string> Paths() => new()
    {
        { "sk_buff.dev", "sk_buff:dev" },
        { "sk_buff.sk", "sk_buff:sk" },
        { "sk_buff.len", "sk_buff:len" },
        { "sk_buff.data_len", "sk_buff:data_len" },
        { "sk_buff.mark", "sk_buff:mark" },
        { "sk_buff.skb_iif", "sk_buff:skb_iif" },
        { "sk_buff.protocol", "sk_buff:protocol" },
        { "sk_buff.transport_header", "sk_buff:transport_header" },
        { "sk_buff.network_header", "sk_buff:network_header" },
        { "sk_buff.mac_header", "sk_buff:mac_header" },
        { "sk_buff.head", "sk_buff:head" },
        { "sk_buff.data", "sk_buff:data" },
        { "net_device.ifindex", "net_device:ifindex" },
        { "net_device.name", "net_device:name" },
        { "net_device.nd_net.net", "net_device:nd_net possible_net_t:net" },
        { "net.ns.inum", "net:ns ns_common:inum" },
        { "sock.__sk_common.skc_num", "sock:__sk_common sock_common:skc_num" },
        { "sock.__sk_common.skc_net.net", "sock:__sk_common sock_common:skc_net possible_net_t:net" },
    };

    [PaholeTheory]
    [MemberData(nameof(Paths))]
    public void Member_offsets_and_sizes_agree_with_pahole(string path, string steps)
    {
        long offset = 0;
        long size = 0;
        foreach (string step in steps.Split(' '))
        {
            string[] parts = step.Split(':');
            (long stepOffset, long stepSize, _) = Pahole(parts[0], parts[1]);
            offset += stepOffset;
            size = stepSize;
        }

        BtfMember member = s_kernel.Value.Resolve(path);

        Assert.Equal(offset, member.Offset);
        Assert.Equal(size, member.Size);
        Assert.False(member.IsBitfield);
    }

    [PaholeFact]
    public void A_bitfield_agrees_with_pahole()
    {
        (long offset, long _, int bits) = Pahole("sk_buff", "pkt_type");

        BtfMember member = s_kernel.Value.Resolve("sk_buff.pkt_type");

        Assert.Equal(offset, member.Offset);
        Assert.Equal(bits, member.BitSize);
        Assert.Equal(3, member.BitSize);
    }

    [PaholeFact]
    public void The_program_s_structs_have_the_size_pahole_prints()
    {
        foreach (string name in new[] { "sk_buff", "net_device", "sock_common", "net" })
        {
            Match size = SizeLine().Match(PaholeOutput(name));
            Assert.True(size.Success, $"pahole printed no size for {name}");
            Assert.True(s_kernel.Value.TryFindStruct(name, out int id));
            Assert.Equal(long.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture), s_kernel.Value.SizeOf(id));
        }
    }

    private static (long Offset, long Size, int Bits) Pahole(string structure, string member)
    {
        // "	__u16   mac_header;   /*   182     2 */", "	__u8  pkt_type:3;   /*   128: 0  1 */"; nested
        // anonymous members are printed at their offset in the outermost struct.
        var line = new Regex(@"[\s\*]" + Regex.Escape(member) + @"(\[\d+\])?(:(\d+))?;\s*/\*\s*(\d+)(:\s*\d+)?\s+(\d+)\s*\*/");
        Match match = line.Match(PaholeOutput(structure));
        Assert.True(match.Success, $"pahole -C {structure} shows no member {member}");
        int bits = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        return (long.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[6].Value, CultureInfo.InvariantCulture), bits);
    }

    private static string PaholeOutput(string structure)
    {
        lock (s_pahole)
        {
            if (!s_pahole.TryGetValue(structure, out string? output))
            {
                // Old pahole complains on stderr about kinds it does not know; the layout it prints is right.
                output = Command.Run("sh", "-c", "pahole -C " + structure + " /sys/kernel/btf/vmlinux 2>/dev/null");
                s_pahole[structure] = output;
            }

            return output;
        }
    }

    [GeneratedRegex(@"/\* size: (\d+),")]
    private static partial Regex SizeLine();
}
