using System;

namespace NetDrop.NetDm;

/// <summary>
/// Receives NET_DM alerts as views over the receive buffer: nothing is copied or allocated, and a
/// view is valid only during the call.
/// </summary>
public interface INetDmAlertHandler
{
    /// <summary>One dropped packet (alert mode packet).</summary>
    void OnPacketAlert(in NetDmPacketAlert alert);

    /// <summary>Software drop counts per location (alert mode summary).</summary>
    void OnSummaryAlert(in NetDmSummaryAlert alert);

    /// <summary>Hardware drop counts per devlink trap (alert mode summary, hardware drops).</summary>
    void OnHardwareSummaryAlert(in NetDmHwEntriesAttributes entries)
    {
    }

    /// <summary>A message that could not be decoded; the next one is read as usual.</summary>
    void OnMalformed(string problem)
    {
    }
}
