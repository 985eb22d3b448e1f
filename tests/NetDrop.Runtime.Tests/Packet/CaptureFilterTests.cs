using NetDrop.Tests.LiveKernel;
using System;
using System.Buffers.Binary;
using NetDrop.CaptureFiles;
using NetDrop.Frames;
using NetDrop.Packet;

namespace NetDrop.Tests.Packet;

/// <summary>
/// Capture filters: the cooked-socket rewrite of a program (as libpcap's fix_offset), the SLL2 header built
/// from a frame, what a filter program must be to be attached, and libpcap's compile and its errors.
/// </summary>
public sealed class CaptureFilterTests
{
    private const uint SkfAdOff = unchecked((uint)-0x1000);

    [Fact]
    public void A_cooked_program_reads_the_packet_from_its_network_header_and_the_header_fields_from_the_kernel()
    {
        byte[] program = Program(
            (0x28, 0),          // ldh [0]: SLL2 protocol
            (0x20, 4),          // ld [4]: SLL2 interface index
            (0x30, 10),         // ldb [10]: SLL2 packet type
            (0x30, 29),         // ldb [29]: IPv4 protocol, 9 bytes into the packet
            (0xb1, 20),         // ldxb 4*([20]&0xf): IPv4 header length
            (0x48, 22),         // ldh [x + 22]: port, indirect
            (0x20, SkfAdOff + 12), // ld #rxhash-style ancillary load: stays
            (0x06, 262144));    // ret #262144: not a load, stays
        Assert.Null(CookedFilterOffsetsFix(program, sll2: true));
        Assert.Equal(new uint[] { SkfAdOff + 0, SkfAdOff + 8, SkfAdOff + 4, 9, 0, 2, SkfAdOff + 12, 262144 }, Ks(program));
    }

    [Fact]
    public void A_cooked_program_that_reads_another_header_field_is_refused_with_its_offset()
    {
        Assert.Equal(12u, CookedFilterOffsetsFix(Program((0x20, 12)), sll2: true));
        Assert.Equal(6u, CookedFilterOffsetsFix(Program((0x28, 6)), sll2: false));
        byte[] sll = Program((0x30, 0), (0x28, 14), (0x30, 25));
        Assert.Null(CookedFilterOffsetsFix(sll, sll2: false));
        Assert.Equal(new uint[] { SkfAdOff + 4, SkfAdOff + 0, 9 }, Ks(sll));
    }

    [Fact]
    public void The_sll2_header_carries_the_frames_protocol_interface_type_and_address_and_no_stale_bytes()
    {
        var frame = new PacketFrame([0x45], 1, 0, 0, 0, 7, PacketType.Outgoing, 0x0800, 0, 0, 0, false,
            hardwareType: 1, hardwareAddressLength: 6, hardwareAddress: 0xEEFF_0605_0403_0201);
        Span<byte> header = stackalloc byte[LinuxSll2Header.Size];
        LinuxSll2Header.Write(header, frame);
        Assert.Equal(Convert.FromHexString("0800" + "0000" + "00000007" + "0001" + "04" + "06" + "010203040506" + "0000"), header.ToArray());
        Assert.Equal(7, LinuxSll2Header.InterfaceIndex(header));
        Assert.Null(LinuxSll2Header.InterfaceIndex(header[..19]));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(4097 * 8)]
    public void A_filter_that_is_not_whole_instructions_or_too_long_is_refused_before_a_socket_is_opened(int length)
    {
        var options = new PacketCaptureOptions { Interface = "lo", Filter = new byte[length] };
        ArgumentException e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("1 to 4096 sock_filter instructions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cooked_ipv4_packet_from_a_source_that_looks_like_an_ethertype_is_still_ipv4()
    {
        // 129.0.0.1 begins with 0x8100, a VLAN tag where an Ethernet header has its type.
        byte[] packet = Convert.FromHexString("4500001c0000000040110000" + "81000001" + "0a000002" + "0035" + "1f40" + "0008" + "0000");
        byte[] record = new byte[LinuxSll2Header.Size + packet.Length];
        BinaryPrimitives.WriteUInt16BigEndian(record, 0x0800);
        packet.CopyTo(record, LinuxSll2Header.Size);
        Assert.Equal(CapturedFrameContent.Decoded, CapturedFrameSummary.Summarize(LinkTypes.LinuxSll2, record, out FrameSummary summary, out _));
        Assert.Equal(IpProtocols.Udp, summary.IpProtocol);
        Assert.Equal((ushort)8000, summary.DestinationPort);
    }

    [ToolFact("libpcap")]
    public void Libpcap_compiles_an_expression_and_its_errors_are_its_own()
    {
        CaptureFilter ethernet = CaptureFilter.Compile("udp port 53", LinkTypes.Ethernet, 262144);
        Assert.Equal(ethernet.Program.ToArray(), ethernet.KernelProgram.ToArray());
        Assert.Equal("(000) ldh      [12]", ethernet.Describe()[0]);
        Assert.Equal(ethernet.InstructionCount, ethernet.Describe().Count);

        // For a cooked socket the protocol is the kernel's ancillary load, not byte 0 of a header it never sees.
        CaptureFilter any = CaptureFilter.Compile("udp port 53", LinkTypes.LinuxSll2, 262144);
        Assert.Equal(0u, BitConverter.ToUInt32(any.Program.Span[4..]));
        Assert.Equal(SkfAdOff, BitConverter.ToUInt32(any.KernelProgram.Span[4..]));

        CaptureFilterException bad = Assert.Throws<CaptureFilterException>(() => CaptureFilter.Compile("udp prot 53", LinkTypes.Ethernet, 262144));
        Assert.Equal("can't parse filter expression: syntax error", bad.Message);
        Assert.False(bad.LibraryMissing);
        Assert.Throws<CaptureFilterException>(() => CaptureFilter.Compile("udp\0port 53", LinkTypes.Ethernet, 262144));
        Assert.Throws<CaptureFilterException>(() => CaptureFilter.Compile("ether host 1:2:3:4:5:6", LinkTypes.Raw, 262144));
    }

    private static uint? CookedFilterOffsetsFix(byte[] program, bool sll2) => CookedFilterOffsets.Fix(program, sll2);

    private static byte[] Program(params (ushort Code, uint K)[] instructions)
    {
        byte[] program = new byte[instructions.Length * 8];
        for (int i = 0; i < instructions.Length; i++)
        {
            BitConverter.TryWriteBytes(program.AsSpan(i * 8), instructions[i].Code);
            BitConverter.TryWriteBytes(program.AsSpan((i * 8) + 4), instructions[i].K);
        }

        return program;
    }

    private static uint[] Ks(byte[] program)
    {
        uint[] ks = new uint[program.Length / 8];
        for (int i = 0; i < ks.Length; i++)
        {
            ks[i] = BitConverter.ToUInt32(program, (i * 8) + 4);
        }

        return ks;
    }
}
