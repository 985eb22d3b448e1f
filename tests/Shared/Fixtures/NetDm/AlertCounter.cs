using System.Collections.Generic;
using NetDrop.NetDm;

namespace NetDrop.Tests.NetDm;

/// <summary>Counts alerts and keeps malformed-message reports; allocates only for those reports.</summary>
internal struct AlertCounter : INetDmAlertHandler
{
    public int Packets;
    public int Summaries;
    public int HardwareSummaries;
    public ulong PayloadBytes;
    public List<string>? Problems;

    public void OnPacketAlert(in NetDmPacketAlert alert)
    {
        Packets++;
        PayloadBytes += (ulong)alert.Payload.Length + (alert.ProgramCounter ?? 0) % 2;
    }

    public void OnSummaryAlert(in NetDmSummaryAlert alert) => Summaries++;

    public void OnHardwareSummaryAlert(in NetDmHwEntriesAttributes entries) => HardwareSummaries++;

    public void OnMalformed(string problem) => (Problems ??= new List<string>()).Add(problem);
}
