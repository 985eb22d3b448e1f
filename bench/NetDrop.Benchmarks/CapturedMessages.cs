using System;
using System.Collections.Generic;
using System.IO;
using NetDrop.CaptureFiles;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Benchmarks;

/// <summary>The netlink messages of the real NET_DM captures shipped in testdata, read once into memory.</summary>
internal static class CapturedMessages
{
    /// <summary>Every message of <paramref name="capture"/> whose NET_DM command is <paramref name="command"/>, and the family id.</summary>
    public static (byte[][] Messages, ushort FamilyId) Load(string capture, NetDmCommand command)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "testdata", "net_dm", capture);
        var messages = new List<byte[]>();
        var decoder = new NetDmTrafficDecoder();
        using CaptureFileReader reader = CaptureFileReader.Open(path);
        while (reader.TryReadNext(out CapturedRecord record))
        {
            if (!NetlinkCookedHeader.TryParse(record.Data, out _, out ReadOnlySpan<byte> payload))
            {
                continue;
            }

            var walker = new NetlinkMessageReader(payload);
            while (walker.TryReadNext(out NetlinkMessage message))
            {
                TrafficMessage decoded = decoder.Decode(message);
                if (decoded.Kind == TrafficMessageKind.NetDmMessage && decoded.Command == command)
                {
                    messages.Add(payload.Slice(message.Offset, (int)message.Header.Length).ToArray());
                }
            }
        }

        if (messages.Count == 0 || decoder.NetDmFamilyId is null)
        {
            throw new InvalidOperationException($"{path} holds no {command} messages.");
        }

        return (messages.ToArray(), decoder.NetDmFamilyId.Value);
    }
}
