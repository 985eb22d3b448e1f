using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using NetDrop.Cli.Watch;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// A datagram from NET_DM's events group, as NetDmClient receives it: <see cref="NetDmAlertDecoder"/>
/// with the runtime's conversions to drop events and alert records, then `netdrop watch`'s packet
/// line and JSON outputs for each drop. A bad message is counted and skipped; nothing throws.
/// </summary>
internal sealed class NetDmAlertTarget : FuzzTarget
{
    /// <summary>NET_DM's family id in the captures the seeds come from.</summary>
    public const ushort FamilyId = 0x20;

    // Made on the first input: instrumented code must not run before SharpFuzz has set up its coverage map.
    private NetDmAlertDecoder? _decoder;

    public override string Name => "netdm-alerts";

    public override string Description => "NET_DM event datagrams (NetDmAlertDecoder, drop events, watch's packet and JSON lines)";

    public override unsafe void Run(ReadOnlySpan<byte> input)
    {
        _decoder ??= new NetDmAlertDecoder(FamilyId);
        var events = new List<DropEvent>();
        long malformedBefore = _decoder.MalformedMessages;
        int messages;
        int handlerMalformed;
        fixed (byte* datagram = input)
        {
            var handler = new AlertHandler(datagram, input.Length, events);
            messages = _decoder.Decode(input, ref handler);
            handlerMalformed = handler.Malformed;
        }

        Invariants.That(messages == CountNetDmMessages(input), $"the decoder counted {messages} NET_DM messages, the datagram holds {CountNetDmMessages(input)}");
        Invariants.That(_decoder.MalformedMessages - malformedBefore == handlerMalformed, "the decoder's malformed count differs from what it reported");

        var json = new MemoryStream();
        using (var jsonSink = new JsonDropSink(json))
        {
            var lines = new PacketLineSink(TextWriter.Null);
            foreach (DropEvent drop in events)
            {
                var watched = new WatchedDrop(drop);
                lines.Write(watched);
                jsonSink.Write(watched);
            }

            jsonSink.Flush();
        }

        foreach (string line in Encoding.UTF8.GetString(json.GetBuffer(), 0, (int)json.Length).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(line);
            }
            catch (JsonException exception)
            {
                throw new InvariantViolationException($"watch --json wrote a line that is not JSON ({exception.Message}): {line}");
            }
        }
    }

    private static int CountNetDmMessages(ReadOnlySpan<byte> datagram)
    {
        int count = 0;
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryReadNext(out NetlinkMessage message))
        {
            if (message.Header.Type == FamilyId)
            {
                count++;
            }
        }

        return count;
    }
}
