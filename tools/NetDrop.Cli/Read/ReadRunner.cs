using System;
using System.Globalization;
using System.IO;
using NetDrop.CaptureFiles;
using NetDrop.Files;
using NetDrop.Kernel;
using NetDrop.NetDm;
using NetDrop.Netlink;

namespace NetDrop.Cli.Read;

/// <summary>
/// `netdrop read`: prints every netlink message of a capture of NET_DM traffic, or, for a capture of
/// packets (netdrop capture, netdrop watch --write), every frame (<see cref="FrameReadRunner"/>). A damaged
/// file or message is reported with its frame and byte offset, after everything before it has been printed.
/// </summary>
internal static class ReadRunner
{
    public static int Run(ReadOptions options, Stream output, TextWriter error)
    {
        // Both files are opened before anything is printed, each with the rights of the user who ran
        // the command (a capability given to netdrop for tracefs must not read other files).
        KernelSymbols? symbols = null;
        CaptureFileReader reader;
        try
        {
            if (options.KallsymsPath is not null)
            {
                symbols = KernelSymbols.Load(options.KallsymsPath, out _);
            }

            reader = CaptureFileReader.Open(options.Path);
        }
        catch (UnusableFileException e) when (e.IsMissing && e.Path == options.Path)
        {
            error.WriteLine($"netdrop read: {options.Path}: no such file. Give a .pcapng written by netdrop (capture, watch --write) or a .pcap/.pcapng recorded on an nlmon device (ip link add nlmon0 type nlmon; tcpdump -i nlmon0 -w FILE).");
            return ExitCodes.Usage;
        }
        catch (UnusableFileException e) when (e.IsMissing)
        {
            error.WriteLine($"netdrop read: {e.Path}: no such kallsyms file.");
            return ExitCodes.Usage;
        }
        catch (InvalidDataException e) when (options.KallsymsPath is not null)
        {
            // Only the kallsyms reader throws this before anything is printed: its table is past the bounds.
            error.WriteLine($"netdrop read: {TerminalText.Escape(options.KallsymsPath)}: {e.Message}, more than a kallsyms table has; give /proc/kallsyms as saved on the captured machine's boot.");
            return ExitCodes.Usage;
        }
        catch (IOException e)
        {
            error.WriteLine("netdrop read: " + e.Message.ReplaceLineEndings(" "));
            return ExitCodes.Usage;
        }

        using (reader)
        {
            return Run(options, reader, symbols, output, error);
        }
    }

    private static int Run(ReadOptions options, CaptureFileReader reader, KernelSymbols? symbols, Stream output, TextWriter error)
    {
        // Netlink captures are NET_DM traffic; any other link type is packets (NetDrop's capture and drop files).
        if (reader.LinkType >= 0 && reader.LinkType != LinkTypes.Netlink)
        {
            return FrameReadRunner.Run(reader, options.Path, options.Json, output, error);
        }

        var decoder = new NetDmTrafficDecoder(options.FamilyId);
        using var text = new StreamWriter(output, new System.Text.UTF8Encoding(false), 65536, leaveOpen: true) { AutoFlush = false };
        using var json = options.Json ? new JsonMessageSink(output) : null;
        IMessageSink sink = json is not null ? json : new TextMessageSink(text);

        int messages = 0;
        int problems = 0;
        while (reader.TryReadNext(out CapturedRecord record))
        {
            if (record.LinkType != LinkTypes.Netlink)
            {
                text.Flush();
                error.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "netdrop read: frame {0} at offset {1}: link type {2} is not LINKTYPE_NETLINK (253); record NET_DM traffic on an nlmon device.",
                    record.FrameNumber, record.FileOffset, record.LinkType));
                problems++;
                continue;
            }

            if (!NetlinkCookedHeader.TryParse(record.Data, out NetlinkCookedHeader cooked, out ReadOnlySpan<byte> payload))
            {
                text.Flush();
                error.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "netdrop read: frame {0} at offset {1}: {2} bytes, too short for the 16-byte netlink cooked header.",
                    record.FrameNumber, record.FileOffset, record.Data.Length));
                problems++;
                continue;
            }

            if (cooked.Protocol != NetlinkCookedHeader.ProtocolGeneric)
            {
                continue;
            }

            var messagesInFrame = new NetlinkMessageReader(payload);
            while (messagesInFrame.TryReadNext(out NetlinkMessage message))
            {
                TrafficMessage decoded = decoder.Decode(message, NetlinkCookedHeader.Size);
                TrafficDescriber.Describe(decoded, record.FrameNumber, record.TimestampNanoseconds, decoder.NetDmFamilyId, symbols, sink, options.KernelAddresses);
                messages++;
                if (decoded.Kind == TrafficMessageKind.Malformed || HasAttributeError(decoded))
                {
                    problems++;
                }
            }

            if (messagesInFrame.Error.IsError)
            {
                text.Flush();
                error.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "netdrop read: frame {0}: {1} (offset {2} in the frame).",
                    record.FrameNumber, messagesInFrame.Error.Message, NetlinkCookedHeader.Size + messagesInFrame.Error.Offset));
                problems++;
            }
        }

        text.Flush();
        if (reader.Error is not null)
        {
            error.WriteLine("netdrop read: " + reader.Error.Message + ". Every message before it is printed above.");
            problems++;
        }

        if (messages == 0 && reader.Error is null)
        {
            error.WriteLine("netdrop read: the capture holds no generic netlink messages.");
        }

        return problems == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static bool HasAttributeError(in TrafficMessage message) => message.Kind switch
    {
        TrafficMessageKind.NetDmRequest or TrafficMessageKind.NetDmMessage => message.NetDm.Error.IsError,
        TrafficMessageKind.ControlRequest or TrafficMessageKind.ControlReply => message.Control.Error.IsError,
        _ => false,
    };
}
