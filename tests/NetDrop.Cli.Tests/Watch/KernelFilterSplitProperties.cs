using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NetDrop.Bpf;
using NetDrop.Bpf.Filter;
using NetDrop.Cli.Watch;
using NetDrop.Cli.Watch.Filter;
using NetDrop.Tracing;
using static NetDrop.Tests.Frames.TestFrames;
using L = NetDrop.Bpf.BpfDropRecordLayout;

namespace NetDrop.Tests.Watch;

/// <summary>
/// The split of a --filter into a kernel part and a user part loses and adds nothing: on generated
/// filters and BPF drop records, a drop the kernel part (evaluated by the C# model of the program,
/// <see cref="KernelFilter.Evaluate"/> on <see cref="KernelFilterInput.Read"/>) keeps and the user part
/// then matches is exactly a drop the whole filter matches. Records go through the same conversion as
/// the source's (<see cref="BpfDropEvents.ToDropEvent"/>).
/// </summary>
public sealed class KernelFilterSplitProperties
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(3000);

    private static readonly Dictionary<long, string> Table = new()
    {
        [0] = "NOT_SPECIFIED", [1] = "NO_SOCKET", [2] = "PKT_TOO_SMALL", [5] = "TCP_CSUM", [7] = "FUTURE_REASON", [8] = "MAX",
    };

    private static readonly KernelDropReasons Reasons = KernelDropReasons.From(Table);
    private static readonly ReasonNames Names = new(Reasons.Entries.Select(e => e.Name));

    private static readonly byte[][] Frames =
    [
        Concat(Ethernet(0x0800), IPv4("10.0.0.1", "10.0.0.2", 17, Udp(1000, 53))),
        Concat(Ethernet(0x0800), IPv4("192.168.1.7", "10.9.0.2", 6, Tcp(53, 80), optionWords: 3)),
        Concat(Ethernet(0x0800), IPv4("10.0.0.1", "127.0.0.1", 17, Udp(9, 53), fragmentOffset: 4)),
        Concat(Ethernet(0x0800), IPv4("10.1.2.3", "192.168.1.1", 1, Icmp(8, 0))),
        Concat(Ethernet(0x0800, (0x8100, 10)), IPv4("10.0.0.1", "10.0.0.2", 17, Udp(1000, 53))),
        Concat(Ethernet(0x86dd), IPv6("2001:db8::1", "fd00::2", 17, Udp(5353, 53))),
        Concat(Ethernet(0x86dd), IPv6("fe80::1", "2001:db8::2", 58, Icmp(128, 0))),
        Concat(Ethernet(0x86dd), IPv6("fe80::1", "ff02::16", 0, ExtensionHeader(17, 0, Udp(5, 53)))),
        Concat(Ethernet(0x0806), Arp(1, "10.0.0.1", "10.0.0.2")),
        Concat(Ethernet(0x88cc), new byte[20]),
        IPv4("10.0.0.1", "10.0.0.2", 17, Udp(1000, 53)),
        IPv6("2001:db8::1", "2001:db8::2", 6, Tcp(40000, 53)),
        IPv4("127.0.0.1", "127.0.0.1", 132, Udp(1, 2), optionWords: 10),
    ];

    private static readonly string[] Tests =
    [
        "reason == NO_SOCKET", "reason != NO_SOCKET", "reason in {NO_SOCKET, TCP_CSUM}", "reason contains \"sock\"", "reason == FUTURE_REASON", "reason == \"UNHEARD_OF\"",
        "ifindex == 2", "ifindex != 3", "ifindex < 3", "ifindex >= 7",
        "netns == 4026531840", "netns != 4026532304", "mark == 42", "mark > 1", "mark in {0, 1}",
        "proto == udp", "proto != tcp", "proto in {icmp, icmpv6}", "ethertype == ipv4", "ethertype == ipv6", "ethertype != arp", "ethertype >= 0x8000",
        "dport == 53", "sport < 1024", "sport in {5, 9, 53}", "dport != 80",
        "src == 10.0.0.1", "src in 10.0.0.0/8", "dst != 10.0.0.2", "dst in {fd00::/8, 127.0.0.0/8}", "src == 2001:db8::/32", "dst in ::/0", "src != 0.0.0.0/0",
        "iface == veth0", "iface contains \"eth\"", "symbol == __udp4_lib_rcv", "vlan == 10", "subsystem == 0", "hw", "source == tracepoint",
    ];

    private static readonly Gen<string> Filters = Expression(3);

    [Fact]
    public void The_kernel_part_and_the_user_part_together_accept_exactly_what_the_filter_accepts()
    {
        int split = 0;
        int rejected = 0;
        int undecided = 0;
        Gen<(string Filter, byte[][] Records)> cases =
            from filter in Filters
            from records in Gen.ArrayOf(Records(), 12)
            select (filter, records);

        Check.One(Quick, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            DropFilter whole = DropFilter.Parse(c.Filter, Names);
            DropFilter parts = whole.SplitForKernel(Reasons.Entries);
            if (parts.Kernel is not null)
            {
                split++;
            }

            foreach (byte[] bytes in c.Records)
            {
                bool expected = whole.Matches(new WatchedDrop(Event(bytes)));
                bool delivered = true;
                if (parts.Kernel is { } kernel)
                {
                    var record = new BpfDropRecord(bytes);
                    KernelFilterVerdict verdict = kernel.Evaluate(KernelFilterInput.Read(record.ReasonNumber,
                        (uint)(record.DeviceIndex != 0 ? record.DeviceIndex : record.InputInterface), record.NamespaceInode, record.Mark, record.Protocol, record.Packet));
                    rejected += verdict == KernelFilterVerdict.Rejected ? 1 : 0;
                    undecided += verdict == KernelFilterVerdict.Undecided ? 1 : 0;
                    delivered = verdict != KernelFilterVerdict.Rejected;
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(L.FilterVerdict), (ushort)(verdict == KernelFilterVerdict.Passed ? 1 : 0));
                }

                bool actual = delivered && parts.Matches(new WatchedDrop(Event(bytes)));
                Assert.True(expected == actual, $"'{c.Filter}' (kernel: {parts.Kernel?.Root}) on {Convert.ToHexString(bytes)}: whole {expected}, split {actual}");
            }
        }));

        // The property must have met filters the kernel takes a part of, and drops it keeps out and leaves undecided.
        Assert.True(split > 1000, $"only {split} filters had a kernel part");
        Assert.True(rejected > 1000, $"only {rejected} drops were rejected in the kernel");
        Assert.True(undecided > 100, $"only {undecided} drops were left undecided");
    }

    [Theory]
    [InlineData("reason == NO_SOCKET && iface == veth0", true, "iface == veth0")]
    [InlineData("dport == 53 || iface == veth0", false, "dport == 53 || iface == veth0")]
    [InlineData("!(src in 10.0.0.0/8) && mark == 42", true, null)]
    [InlineData("vlan == 10", false, "vlan == 10")]
    public void Each_conjunct_goes_wholly_to_one_side(string expression, bool hasKernel, string? user)
    {
        DropFilter parts = DropFilter.Parse(expression, Names).SplitForKernel(Reasons.Entries);
        (KernelFilter? kernel, FilterExpression? rest) = KernelFilterSplitter.Split(DropFilter.Parse(expression, Names).Expression, Reasons.Entries);

        Assert.Equal(hasKernel, parts.Kernel is not null);
        Assert.Equal(hasKernel, kernel is not null);
        Assert.Equal(user is null, rest is null);
        if (user is not null)
        {
            Assert.Equal(DropFilter.Parse(user, Names).Expression!.GetType(), rest!.GetType());
        }
    }

    private static DropEvent Event(byte[] record) => BpfDropEvents.ToDropEvent(new BpfDropRecord(record), Reasons, 0, null);

    private static Gen<string> Expression(int depth)
    {
        Gen<string> test = Gen.Elements(Tests);
        if (depth == 0)
        {
            return test;
        }

        Gen<string> smaller = Expression(depth - 1);
        return Gen.Frequency(
            (4, test),
            (3, from a in smaller from b in smaller select $"{a} && {b}"),
            (2, from a in smaller from b in smaller select $"({a} || {b})"),
            (1, from a in smaller select $"!({a})"),
            (2, from a in smaller from b in smaller from d in smaller select $"{a} && ({b} || {d}) && {a}"));
    }

    /// <summary>A record as the program writes it: the fields, and the packet's first bytes within the snap length and the linear data.</summary>
    private static Gen<byte[]> Records() =>
        from frame in Gen.Elements(Frames)
        from cut in Gen.Frequency((3, Gen.Constant(int.MaxValue)), (1, Gen.Choose(0, 80)))
        from snap in Gen.Elements(0, 16, 40, 64, L.DefaultSnapLength)
        from macSet in Gen.Elements(true, true, false)
        from reason in Gen.Elements(0u, 1u, 2u, 3u, 5u, 7u, 0x30001u)
        from device in Gen.Elements(0, 2, 7)
        from input in Gen.Elements(0, 3)
        from inode in Gen.Elements(0u, 4026531840u, 4026532304u)
        from mark in Gen.Elements(0u, 1u, 42u)
        from protocol in Gen.Elements((ushort)0x0800, (ushort)0x86dd, (ushort)0x0806, (ushort)0x8100, (ushort)0, (ushort)0x88cc)
        select Record(frame, Math.Min(cut, frame.Length), snap, macSet, reason, device, input, inode, mark, protocol);

    private static byte[] Record(byte[] frame, int valid, int snap, bool macSet, uint reason, int device, int input, uint inode, uint mark, ushort protocol)
    {
        const ushort start = 64;
        byte[] record = new byte[L.Size(snap)];
        Span<byte> r = record;
        BinaryPrimitives.WriteUInt32LittleEndian(r[L.Reason..], reason);
        BinaryPrimitives.WriteUInt32LittleEndian(r[L.DeviceIndex..], (uint)device);
        BinaryPrimitives.WriteUInt32LittleEndian(r[L.InputInterface..], (uint)input);
        BinaryPrimitives.WriteUInt32LittleEndian(r[L.NamespaceInode..], inode);
        BinaryPrimitives.WriteUInt32LittleEndian(r[L.Mark..], mark);
        BinaryPrimitives.WriteUInt16LittleEndian(r[L.Protocol..], protocol);
        BinaryPrimitives.WriteUInt16LittleEndian(r[L.MacHeader..], macSet ? start : L.HeaderUnset);
        BinaryPrimitives.WriteUInt16LittleEndian(r[L.NetworkHeader..], start);
        BinaryPrimitives.WriteUInt32LittleEndian(r[L.DataOffset..], start);
        BinaryPrimitives.WriteUInt32LittleEndian(r[L.Length..], (uint)valid + 100);
        BinaryPrimitives.WriteUInt32LittleEndian(r[L.DataLength..], 100);
        BinaryPrimitives.WriteUInt16LittleEndian(r[L.SnapLength..], (ushort)snap);
        frame.AsSpan(0, Math.Min(frame.Length, snap)).CopyTo(r[L.Packet..]);
        "veth0"u8.CopyTo(r[L.DeviceName..]);
        return record;
    }
}
