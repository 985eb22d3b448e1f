using System;
using System.Buffers.Binary;
using NetDrop.Bpf;
using NetDrop.Bpf.Btf;
using NetDrop.Tracing;
using L = NetDrop.Bpf.BpfDropRecordLayout;

namespace NetDrop.Tests.Bpf;

/// <summary>
/// The record view on records written by hand (which bytes of the copy are the packet's, names cut at
/// NUL, pid and tid from one word) and the program's checks before it is loaded.
/// </summary>
public sealed class BpfDropRecordTests
{
    [Fact]
    public void Packet_bytes_stop_where_the_linear_data_ends()
    {
        // head .. data is 64 bytes of headroom and pulled headers; the MAC header at 50; 30 bytes from data on.
        byte[] record = Record(snap: 128, mac: 50, network: 64, dataOffset: 64, length: 30, dataLength: 0);

        var view = new BpfDropRecord(record);

        Assert.True(view.HasMacHeader);
        Assert.Equal(64 + 30 - 50, view.Packet.Length);
    }

    [Fact]
    public void Without_a_MAC_header_the_bytes_start_at_the_network_header()
    {
        byte[] record = Record(snap: 128, mac: L.HeaderUnset, network: 40, dataOffset: 40, length: 60, dataLength: 0);

        var view = new BpfDropRecord(record);

        Assert.False(view.HasMacHeader);
        Assert.Equal(60, view.Packet.Length);
    }

    [Fact]
    public void Bytes_in_fragments_are_not_counted_and_the_snap_length_caps_the_rest()
    {
        Assert.Equal(20, new BpfDropRecord(Record(snap: 128, mac: 0, network: 14, dataOffset: 14, length: 1000, dataLength: 994)).Packet.Length);
        Assert.Equal(128, new BpfDropRecord(Record(snap: 128, mac: 0, network: 14, dataOffset: 14, length: 1500, dataLength: 0)).Packet.Length);
        Assert.Equal(0, new BpfDropRecord(Record(snap: 128, mac: 90, network: 14, dataOffset: 14, length: 10, dataLength: 0)).Packet.Length);
    }

    [Fact]
    public void Names_end_at_their_NUL_and_pid_and_tid_come_from_one_word()
    {
        byte[] record = Record(snap: 0, mac: 0, network: 14, dataOffset: 14, length: 0, dataLength: 0);
        "bash\0\0junk"u8.CopyTo(record.AsSpan(L.Comm));
        "0123456789abcdef"u8.CopyTo(record.AsSpan(L.DeviceName));
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(L.PidTgid), (4242UL << 32) | 4243);

        var view = new BpfDropRecord(record);

        Assert.Equal("bash"u8.ToArray(), view.Comm.ToArray());
        Assert.Equal(16, view.DeviceName.Length);
        Assert.Equal(4242, view.Pid);
        Assert.Equal(4243, view.Tid);
    }

    [Fact]
    public void A_member_of_another_width_than_the_program_reads_is_refused_before_loading()
    {
        var b = new BtfBuilder();
        int u64 = b.Int("u64", 8);
        b.Struct("sk_buff", 24, ("dev", u64, 0, 0), ("sk", u64, 64, 0), ("len", u64, 128, 0));
        BtfTypes btf = BtfTypes.Parse(b.Build());

        var error = Assert.Throws<BtfLookupException>(() => KernelOffsets.From(btf));

        Assert.Contains("sk_buff.len is 8 bytes in this kernel; the drop program reads 4 bytes", error.Message);
    }

    [Fact]
    public void The_program_is_built_for_any_snap_length_up_to_the_maximum_and_no_further()
    {
        var offsets = new KernelOffsets(16, 24, 112, 116, 164, 144, 182, 180, 192, 200, 224, 280, 264, 184, 14, 48);
        var layout = new KfreeSkbLayout(2310, 4, 8, 16, 24, 32, 36);

        byte[] none = KfreeSkbProgram.Build(offsets, layout, 3, 4, 0);
        byte[] most = KfreeSkbProgram.Build(offsets, layout, 3, 4, L.MaxSnapLength);

        Assert.Equal(0, none.Length % 8);
        Assert.True(most.Length > none.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => KfreeSkbProgram.Build(offsets, layout, 3, 4, L.MaxSnapLength + 1));
    }

    [Fact]
    public void A_stack_is_read_after_the_packet_and_never_past_the_record()
    {
        byte[] record = Record(16, 0, 0, 0, 0, 0);
        Assert.True(new BpfDropRecord(record).KernelStack.IsEmpty);

        byte[] withStack = new byte[L.Size(16, 4)];
        record.CopyTo(withStack, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(withStack.AsSpan(L.Size(16)), 3 * 8);
        BinaryPrimitives.WriteUInt64LittleEndian(withStack.AsSpan(L.Size(16) + 8), 0xffffffff81000010);
        Assert.Equal(24, new BpfDropRecord(withStack).KernelStack.Length);
        Assert.Equal(0xffffffff81000010, BinaryPrimitives.ReadUInt64LittleEndian(new BpfDropRecord(withStack).KernelStack));

        // A count past the room there is (a damaged record) reads only what the record holds.
        BinaryPrimitives.WriteUInt32LittleEndian(withStack.AsSpan(L.Size(16)), 4000);
        Assert.Equal(32, new BpfDropRecord(withStack).KernelStack.Length);
    }

    private static byte[] Record(int snap, ushort mac, ushort network, uint dataOffset, uint length, uint dataLength)
    {
        byte[] record = new byte[L.Size(snap)];
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(L.SnapLength), (ushort)snap);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(L.MacHeader), mac);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(L.NetworkHeader), network);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(L.DataOffset), dataOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(L.Length), length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(L.DataLength), dataLength);
        return record;
    }
}
