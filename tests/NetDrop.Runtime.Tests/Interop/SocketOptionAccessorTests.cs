using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using NetDrop.Packet;
using NetDrop.Interop;

namespace NetDrop.Tests.Sockets;

/// <summary>The accessors generated from af_packet.yaml pass the spec's level, number, C name and value bytes through.</summary>
public class SocketOptionAccessorTests
{
    [Fact]
    public void Setters_pass_the_options_level_number_name_and_exact_bytes()
    {
        var socket = new RecordingSocket();
        var ring = new tpacket_req3 { tp_block_size = 1 << 16, tp_block_nr = 4, tp_frame_size = 2048, tp_frame_nr = 128, tp_retire_blk_tov = 60 };
        socket.SetVersion((int)TpacketVersions.V3);
        socket.SetRxRing(in ring);
        socket.SetFanoutData(new byte[] { 1, 2, 3 });

        Assert.Equal(
            new[]
            {
                "set 263/10 PACKET_VERSION 4 bytes",
                "set 263/5 PACKET_RX_RING 28 bytes",
                "set 263/22 PACKET_FANOUT_DATA 3 bytes",
            },
            socket.Calls);
        Assert.Equal(BitConverter.GetBytes(2), socket.Values[0]);
        Assert.Equal(MemoryMarshal.AsBytes(new ReadOnlySpan<tpacket_req3>(in ring)).ToArray(), socket.Values[1]);
    }

    [Fact]
    public void Getters_take_the_version_specific_struct()
    {
        var socket = new RecordingSocket();
        socket.GetStatistics(out tpacket_stats_v3 v3);
        socket.GetStatistics(out tpacket_stats v2);

        Assert.Equal(new[] { "get 263/6 PACKET_STATISTICS 12 bytes", "get 263/6 PACKET_STATISTICS 8 bytes" }, socket.Calls);
        Assert.Equal(0u, v3.tp_freeze_q_cnt);
        Assert.Equal(0u, v2.tp_drops);
    }

    [Fact]
    public void Options_of_another_level_carry_their_own_level()
    {
        var socket = new RecordingSocket();
        var program = new sock_fprog { len = 1, filter = 0x1000 };
        socket.SetRxqOvfl(1);
        socket.SetAttachFilter(in program);
        socket.GetError(out int _);

        Assert.Equal(
            new[]
            {
                "set 1/40 SO_RXQ_OVFL 4 bytes",
                "set 1/26 SO_ATTACH_FILTER 16 bytes",
                "get 1/4 SO_ERROR 4 bytes",
            },
            socket.Calls);
    }

    [Fact]
    public void A_value_in_getter_passes_its_input_to_the_kernel()
    {
        var socket = new RecordingSocket();
        socket.GetHdrlen((int)TpacketVersions.V3, out int length);

        Assert.Equal(new[] { "exchange 263/11 PACKET_HDRLEN 4 bytes" }, socket.Calls);
        Assert.Equal(BitConverter.GetBytes(2), socket.Values[0]);
        Assert.Equal(RecordingSocket.Answer, length);
    }

    private sealed class RecordingSocket : ISocketOptions
    {
        public List<string> Calls { get; } = new();

        public List<byte[]> Values { get; } = new();

        public void SetOption<T>(int level, int name, string optionName, in T value)
            where T : unmanaged
        {
            byte[] bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
            Calls.Add($"set {level}/{name} {optionName} {bytes.Length} bytes");
            Values.Add(bytes);
        }

        public void SetOption(int level, int name, string optionName, ReadOnlySpan<byte> value)
        {
            Calls.Add($"set {level}/{name} {optionName} {value.Length} bytes");
            Values.Add(value.ToArray());
        }

        public unsafe void GetOption<T>(int level, int name, string optionName, out T value)
            where T : unmanaged
        {
            Calls.Add($"get {level}/{name} {optionName} {sizeof(T)} bytes");
            value = default;
        }

        /// <summary>What ExchangeOption writes back into the whole value, so a test sees the answer replace its input.</summary>
        public const byte Answer = 0x2a;

        public unsafe void ExchangeOption<T>(int level, int name, string optionName, ref T value)
            where T : unmanaged
        {
            Calls.Add($"exchange {level}/{name} {optionName} {sizeof(T)} bytes");
            Values.Add(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray());
            value = default;
            MemoryMarshal.AsBytes(new Span<T>(ref value))[0] = Answer;
        }
    }
}
