using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace NetDrop.Tests.NetDm;

/// <summary>dropwatch 1.5.4's console output for one session, split into what each command printed.</summary>
internal sealed class DropwatchLog
{
    private const string Prompt = "dropwatch> ";

    private static readonly Regex SummaryLine = new(
        @"^(?<count>\d+) drops at (?<name>[^\s+]+)\+(?<offset>[0-9a-f]+) \(0x(?<pc>[0-9a-f]+)\) \[(?<origin>software|hardware)\]$",
        RegexOptions.CultureInvariant);

    public List<DropwatchSetting> Settings { get; } = new();

    /// <summary>The commands typed at the prompt, in order (set, show, start, stats, exit…).</summary>
    public List<string> Commands { get; } = new();

    public List<DropwatchConfig> Shows { get; } = new();

    public List<DropwatchStats> Stats { get; } = new();

    public List<DropwatchPacketDrop> PacketDrops { get; } = new();

    public List<DropwatchSummaryDrop> SummaryDrops { get; } = new();

    /// <summary>Lines like "Alert mode successfully set": dropwatch prints one per acknowledged CONFIG.</summary>
    public int SuccessfullySet { get; private set; }

    /// <summary>dropwatch-packet.txt for netdm-packet, and so on.</summary>
    public static string PathFor(string captureName) =>
        Path.Combine(AppContext.BaseDirectory, "testdata", "net_dm", "dropwatch-" + captureName["netdm-".Length..] + ".txt");

    public static DropwatchLog Load(string captureName) => Parse(File.ReadAllLines(PathFor(captureName)));

    public static DropwatchLog Parse(IReadOnlyList<string> lines)
    {
        var log = new DropwatchLog();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (line.StartsWith(Prompt, StringComparison.Ordinal))
            {
                string command = line[Prompt.Length..].Trim();
                log.Commands.Add(command);
                string[] words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words is ["set", string name, string value])
                {
                    log.Settings.Add(new DropwatchSetting(name, value));
                }
                else if (command == "show")
                {
                    log.Shows.Add(new DropwatchConfig(
                        After(lines, ref i, "Alert mode: "),
                        uint.Parse(After(lines, ref i, "Truncation length: "), CultureInfo.InvariantCulture),
                        uint.Parse(After(lines, ref i, "Queue length: "), CultureInfo.InvariantCulture)));
                }
                else if (command == "stats")
                {
                    After(lines, ref i, "Software statistics:");
                    ulong software = ulong.Parse(After(lines, ref i, "Tail dropped: "), CultureInfo.InvariantCulture);
                    After(lines, ref i, "Hardware statistics:");
                    ulong hardware = ulong.Parse(After(lines, ref i, "Tail dropped: "), CultureInfo.InvariantCulture);
                    log.Stats.Add(new DropwatchStats(software, hardware));
                }
            }
            else if (line.EndsWith(" successfully set", StringComparison.Ordinal))
            {
                log.SuccessfullySet++;
            }
            else if (line.StartsWith("drop at: ", StringComparison.Ordinal))
            {
                log.PacketDrops.Add(ReadPacketBlock(lines, ref i));
            }
            else if (SummaryLine.Match(line) is { Success: true } summary)
            {
                log.SummaryDrops.Add(new DropwatchSummaryDrop(
                    uint.Parse(summary.Groups["count"].Value, CultureInfo.InvariantCulture),
                    summary.Groups["name"].Value,
                    summary.Groups["offset"].Value,
                    ulong.Parse(summary.Groups["pc"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    summary.Groups["origin"].Value));
            }
        }

        return log;
    }

    /// <summary>A block runs from "drop at:" to the blank line after it; its other lines come in any subset.</summary>
    private static DropwatchPacketDrop ReadPacketBlock(IReadOnlyList<string> lines, ref int i)
    {
        // "drop at: nft_do_chain+0x47f/0x5e0 [nf_tables] (0xffffffffc05ea54f)"
        string dropAt = lines[i]["drop at: ".Length..];
        int open = dropAt.LastIndexOf(" (0x", StringComparison.Ordinal);
        string symbol = dropAt[..open];
        ulong pc = ulong.Parse(dropAt[(open + " (0x".Length)..^1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        var fields = new Dictionary<string, string>();
        while (i + 1 < lines.Count && lines[i + 1].Length > 0)
        {
            string line = lines[++i];
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new FormatException($"dropwatch: unexpected line in a drop block: {line}");
            }

            fields.Add(line[..colon], line[(colon + 2)..]);
        }

        return new DropwatchPacketDrop(
            symbol,
            pc,
            fields.GetValueOrDefault("origin"),
            fields.TryGetValue("input port ifindex", out string? ifIndex) ? uint.Parse(ifIndex, CultureInfo.InvariantCulture) : null,
            fields.TryGetValue("timestamp", out string? timestamp) ? Timestamp(timestamp) : null,
            fields.TryGetValue("protocol", out string? protocol) ? checked((ushort)TsharkValues.Hex(protocol)) : null,
            fields.TryGetValue("length", out string? length) ? int.Parse(length, CultureInfo.InvariantCulture) : null,
            fields.TryGetValue("original length", out string? originalLength) ? uint.Parse(originalLength, CultureInfo.InvariantCulture) : null,
            fields.GetValueOrDefault("drop reason"));
    }

    /// <summary>
    /// "Sun Nov 22 01:51:21 2026 656854200 nsec": ctime(3) of the seconds, then the nanoseconds. ctime
    /// prints local time; the recording machine ran in UTC (tshark's UTC times agree to the second).
    /// ctime pads a one-digit day with a space, hence the split on runs of blanks.
    /// </summary>
    private static ulong Timestamp(string text)
    {
        string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not [_, string month, string day, string time, string year, string nanoseconds, "nsec"] || nanoseconds.Length != 9)
        {
            throw new FormatException($"dropwatch: unexpected timestamp: {text}");
        }

        DateTime seconds = DateTime.ParseExact($"{month} {day} {time} {year}", "MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return TsharkValues.UnixSeconds(seconds) * 1_000_000_000UL + ulong.Parse(nanoseconds, CultureInfo.InvariantCulture);
    }

    /// <summary>Moves to the next line starting with <paramref name="prefix"/> and returns the rest of it.</summary>
    private static string After(IReadOnlyList<string> lines, ref int i, string prefix)
    {
        while (++i < lines.Count)
        {
            if (lines[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return lines[i][prefix.Length..];
            }
        }

        throw new FormatException($"dropwatch: no \"{prefix}\" line where one was expected");
    }
}
