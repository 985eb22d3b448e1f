using System;
using NetDrop.Bpf.Btf;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// BTF blobs (what /sys/kernel/btf/vmlinux holds) through the reader behind the BPF source: header,
/// type and string sections, then every struct's members walked by name and every type sized. Damage
/// must be a <see cref="BtfFormatException"/> (or, for a lookup in a well-formed blob, a
/// <see cref="BtfLookupException"/>), never another exception or a hang.
/// </summary>
internal sealed class BtfTarget : FuzzTarget
{
    private static readonly string[] Paths = { "sk_buff.dev", "sk_buff.mac_header", "net_device.nd_net.net", "sock.__sk_common.skc_num", "s.m", "outer.deep" };

    public override string Name => "btf";

    public override string Description => "BTF blobs (the kernel's /sys/kernel/btf/vmlinux format): sections, every kind, member paths, sizes";

    public override void Run(ReadOnlySpan<byte> input)
    {
        BtfTypes btf;
        try
        {
            btf = BtfTypes.Parse(input.ToArray());
        }
        catch (BtfFormatException e)
        {
            Invariants.That(e.Message.Length > 0, "a BTF error without a message");
            return;
        }

        for (int id = 0; id < btf.Count; id++)
        {
            _ = btf.Name(id);
            Walk(() => btf.SizeOf(id));
        }

        foreach (string path in Paths)
        {
            Walk(() =>
            {
                BtfMember member = btf.Resolve(path);
                Invariants.That(member.Size >= 0 && member.BitOffset >= 0, $"{path} resolved to {member}");
                return 0;
            });
        }
    }

    private static void Walk(Func<long> lookup)
    {
        try
        {
            lookup();
        }
        catch (Exception e) when (e is BtfFormatException or BtfLookupException)
        {
        }
    }
}
