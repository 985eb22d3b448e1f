using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// A kallsyms table built from the PACKET_ALERT symbols of the packet captures, which were taken in the
/// same boot as the summary capture: "name+0xOFF/0xSIZE [module]" at pc puts name at pc - OFF.
/// </summary>
internal static class PacketCaptureKallsyms
{
    public static string Build()
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string name in new[] { "netdm-packet", "netdm-packet-swhw" })
        {
            foreach (NetDmMessageSnapshot message in CapturedNetDm.Read(name).PacketAlerts)
            {
                PacketAlertSnapshot alert = message.PacketAlert!;
                string[] parts = alert.Symbol.Split(' ');
                string[] nameAndOffset = parts[0].Split('/')[0].Split("+0x");
                ulong offset = ulong.Parse(nameAndOffset[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                ulong start = alert.ProgramCounter!.Value - offset;
                string line = string.Create(CultureInfo.InvariantCulture, $"{start:x16} t {nameAndOffset[0]}");
                lines.Add(parts.Length > 1 ? line + "\t" + parts[1] : line);
            }
        }

        return string.Join('\n', lines) + "\n";
    }
}
