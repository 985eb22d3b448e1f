using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetDrop.Tests.Capture;

/// <summary>
/// Reads the parts of a "tshark -V" text decode the tests compare against: frame lines, the epoch
/// time, the cooked header, nlmsghdr blocks, the error code and the genl header.
/// </summary>
internal static class TsharkDecode
{
    private const string FramePrefix = "Frame ";
    private const string HeaderPrefix = "    Netlink message header";

    public static IReadOnlyList<TsharkFrame> Parse(IReadOnlyList<string> lines)
    {
        var frames = new List<TsharkFrame>();
        TsharkFrame? frame = null;
        HeaderFields? header = null;

        foreach (string line in lines)
        {
            // A header block is the lines indented by exactly 8 under "    Netlink message header";
            // deeper lines are its flag bits, and a shallower one ends it.
            if (header is not null)
            {
                int indent = Indent(line);
                if (indent == 8)
                {
                    header.Take(line.Trim());
                    continue;
                }

                if (indent > 8)
                {
                    continue;
                }

                Finish(frame!, header);
                header = null;
            }

            if (line.StartsWith(FramePrefix, StringComparison.Ordinal) && line.Contains(" bytes on wire", StringComparison.Ordinal))
            {
                // "Frame 1: 48 bytes on wire (384 bits), 48 bytes captured (384 bits)"
                frame = new TsharkFrame();
                frames.Add(frame);
                string[] words = line.Split(' ');
                frame.Number = int.Parse(words[1].TrimEnd(':'), CultureInfo.InvariantCulture);
                frame.WireLength = int.Parse(words[2], CultureInfo.InvariantCulture);
                int comma = Array.IndexOf(words, "bits),");
                frame.CapturedLength = int.Parse(words[comma + 1], CultureInfo.InvariantCulture);
                continue;
            }

            if (frame is null)
            {
                continue;
            }

            if (line.StartsWith(HeaderPrefix, StringComparison.Ordinal))
            {
                header = new HeaderFields();
            }
            else if (TryValue(line, "    Epoch Time: ", out string epoch))
            {
                // "1795312278.698936000 seconds": exact decimal arithmetic, no floating point.
                string number = epoch.Split(' ')[0];
                string[] parts = number.Split('.');
                long seconds = long.Parse(parts[0], CultureInfo.InvariantCulture);
                long fraction = long.Parse(parts[1].PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
                frame.EpochNanoseconds = seconds * 1_000_000_000 + fraction;
            }
            else if (TryValue(line, "    Link-layer address type: ", out string arphrd))
            {
                frame.LinkLayerAddressType = LastParenthesized(arphrd);
            }
            else if (TryValue(line, "    Family: ", out string family))
            {
                frame.Family = LastParenthesized(family);
            }
            else if (TryValue(line, "    Error code: ", out string errorCode))
            {
                frame.ErrorCode = LastParenthesized(errorCode);
            }
            else if (TryValue(line, "    Command: ", out string command) && frame.GenlCommand is null)
            {
                frame.GenlCommand = LastParenthesized(command);
            }
            else if (TryValue(line, "    Family Version: ", out string version) && frame.GenlVersion is null)
            {
                frame.GenlVersion = int.Parse(version, CultureInfo.InvariantCulture);
            }
        }

        if (header is not null)
        {
            Finish(frame!, header);
        }

        return frames;
    }

    private static void Finish(TsharkFrame frame, HeaderFields header)
    {
        TsharkNetlinkHeader parsed = header.Build();
        if (frame.Message is null)
        {
            frame.Message = parsed;
        }
        else if (frame.EchoedRequest is null)
        {
            frame.EchoedRequest = parsed;
        }
        else
        {
            throw new InvalidOperationException($"frame {frame.Number} has more than two nlmsghdr blocks");
        }
    }

    private static int Indent(string line)
    {
        int i = 0;
        while (i < line.Length && line[i] == ' ')
        {
            i++;
        }

        return i;
    }

    private static bool TryValue(string line, string prefix, out string value)
    {
        if (line.StartsWith(prefix, StringComparison.Ordinal))
        {
            value = line[prefix.Length..];
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>"Success (0)" → 0, "Generic (0x0010)" → 16.</summary>
    private static int LastParenthesized(string text)
    {
        int open = text.LastIndexOf('(');
        int close = text.LastIndexOf(')');
        return ParseNumber(text[(open + 1)..close]);
    }

    private static int ParseNumber(string text) => text.StartsWith("0x", StringComparison.Ordinal)
        ? int.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : int.Parse(text, CultureInfo.InvariantCulture);

    private sealed class HeaderFields
    {
        private uint? _length;
        private ushort? _type;
        private ushort? _flags;
        private uint? _sequence;
        private uint? _portId;

        public void Take(string field)
        {
            if (TryValue(field, "Length: ", out string length))
            {
                _length = uint.Parse(length, CultureInfo.InvariantCulture);
            }
            else if (TryValue(field, "Family ID: ", out string familyId))
            {
                // "0x20 (NET_DM)": a generic netlink family id is the message type.
                _type = (ushort)ParseNumber(familyId.Split(' ')[0]);
            }
            else if (TryValue(field, "Message type: ", out string type))
            {
                // "Error (0x0002)"
                _type = (ushort)LastParenthesized(type);
            }
            else if (TryValue(field, "Flags: ", out string flags))
            {
                _flags = (ushort)ParseNumber(flags);
            }
            else if (TryValue(field, "Sequence: ", out string sequence))
            {
                _sequence = uint.Parse(sequence, CultureInfo.InvariantCulture);
            }
            else if (TryValue(field, "Port ID: ", out string portId))
            {
                _portId = uint.Parse(portId, CultureInfo.InvariantCulture);
            }
        }

        public TsharkNetlinkHeader Build() => new(
            _length ?? throw Missing("Length"),
            _type ?? throw Missing("Message type / Family ID"),
            _flags ?? throw Missing("Flags"),
            _sequence ?? throw Missing("Sequence"),
            _portId ?? throw Missing("Port ID"));

        private static InvalidOperationException Missing(string field) => new($"nlmsghdr block without a {field} line");
    }
}
