using System;
using NetDrop.Netlink;

namespace NetDrop.Tests.Netlink;

public class NetlinkMessageReaderTests
{
    [Fact]
    public void Walks_messages_across_alignment_padding()
    {
        byte[] buffer = new byte[20 + 20 + 21];
        Write(buffer, 0, length: 20, type: 0x20, sequence: 1);
        Write(buffer, 20, length: 17, type: NetlinkMessageType.Done, sequence: 2);
        Write(buffer, 40, length: 21, type: 0x20, sequence: 3); // last message, no padding after it
        buffer[36] = 0xAB;

        var reader = new NetlinkMessageReader(buffer);
        Assert.True(reader.TryReadNext(out NetlinkMessage first));
        Assert.Equal((0, 4, 1u), (first.Offset, first.Payload.Length, first.Header.Sequence));
        Assert.True(reader.TryReadNext(out NetlinkMessage second));
        Assert.Equal((20, 1, 2u), (second.Offset, second.Payload.Length, second.Header.Sequence));
        Assert.Equal(0xAB, second.Payload[0]);
        Assert.Equal(NetlinkMessageType.Done, second.Header.Type);
        Assert.True(reader.TryReadNext(out NetlinkMessage third));
        Assert.Equal((40, 5, 3u), (third.Offset, third.Payload.Length, third.Header.Sequence));
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.Error.IsError);
        Assert.Equal(buffer.Length, reader.Offset);
    }

    [Fact]
    public void An_empty_buffer_holds_no_messages_and_no_error()
    {
        var reader = new NetlinkMessageReader(ReadOnlySpan<byte>.Empty);
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.Error.IsError);
        Assert.Equal("no error", reader.Error.Message);
    }

    [Fact]
    public void A_length_past_the_end_stops_with_offset_and_both_lengths()
    {
        byte[] buffer = new byte[148];
        Write(buffer, 0, 16, 0x20, 1);
        Write(buffer, 16, 16, 0x20, 2);
        Write(buffer, 32, 16, 0x20, 3);
        Write(buffer, 48, 212, 0x20, 4);

        var reader = new NetlinkMessageReader(buffer);
        int count = 0;
        while (reader.TryReadNext(out _))
        {
            count++;
        }

        Assert.Equal(3, count);
        Assert.Equal(new NetlinkParseError(NetlinkParseErrorKind.LengthPastEnd, 48, 212, 100), reader.Error);
        Assert.Equal("message at offset 48 says length 212 but 100 bytes remain", reader.Error.Message);
        Assert.Equal(48, reader.Offset);

        // Stopped for good.
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(48, reader.Offset);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(8u)]
    [InlineData(15u)]
    public void A_length_shorter_than_the_header_stops_instead_of_looping(uint length)
    {
        byte[] buffer = new byte[48];
        Write(buffer, 0, 16, 0x20, 1);
        Write(buffer, 16, length, 0x20, 2);

        var reader = new NetlinkMessageReader(buffer);
        Assert.True(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(NetlinkParseErrorKind.LengthTooSmall, reader.Error.Kind);
        Assert.Equal($"message at offset 16 says length {length}, less than its 16-byte header", reader.Error.Message);
    }

    [Fact]
    public void Stray_bytes_after_the_last_message_are_a_truncated_header()
    {
        byte[] buffer = new byte[16 + 5];
        Write(buffer, 0, 16, 0x20, 1);
        var reader = new NetlinkMessageReader(buffer);
        Assert.True(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(new NetlinkParseError(NetlinkParseErrorKind.TruncatedHeader, 16, 0, 5), reader.Error);
        Assert.Equal("message at offset 16 is truncated: 5 bytes remain, 16 needed for its header", reader.Error.ToString());
    }

    [Fact]
    public void Random_bytes_always_end_the_walk()
    {
        var random = new Random(42);
        for (int round = 0; round < 5000; round++)
        {
            byte[] buffer = new byte[random.Next(0, 200)];
            random.NextBytes(buffer);

            // Small lengths make many messages; large ones make errors. Mix both.
            if (buffer.Length >= 4 && random.Next(2) == 0)
            {
                buffer[0] = (byte)random.Next(0, 40);
                buffer[1] = buffer[2] = buffer[3] = 0;
            }

            var reader = new NetlinkMessageReader(buffer);
            int count = 0;
            int last = -1;
            while (reader.TryReadNext(out NetlinkMessage message))
            {
                Assert.True(message.Offset > last);
                last = message.Offset;
                Assert.True(++count <= buffer.Length / NetlinkMessageHeader.Size);
            }
        }
    }

    private static void Write(byte[] buffer, int offset, uint length, ushort type, uint sequence) =>
        Assert.True(new NetlinkMessageHeader(length, type, NetlinkMessageFlags.Request, sequence, 0).TryWrite(buffer.AsSpan(offset)));
}
