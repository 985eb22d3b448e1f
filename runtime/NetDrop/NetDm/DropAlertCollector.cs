using System.Collections.Generic;
using NetDrop.Kernel;

namespace NetDrop.NetDm;

/// <summary>An alert handler that copies each alert into a list of <see cref="DropAlert"/>s.</summary>
public readonly struct DropAlertCollector : INetDmAlertHandler
{
    private readonly List<DropAlert> _alerts;
    private readonly KernelSymbols? _symbols;

    /// <param name="symbols">Names summary alerts' locations when given.</param>
    public DropAlertCollector(List<DropAlert> alerts, KernelSymbols? symbols)
    {
        _alerts = alerts;
        _symbols = symbols;
    }

    public void OnPacketAlert(in NetDmPacketAlert alert) => _alerts.Add(DropAlerts.From(alert));

    public void OnSummaryAlert(in NetDmSummaryAlert alert) => _alerts.Add(DropAlerts.From(alert, _symbols));

    public void OnHardwareSummaryAlert(in NetDmHwEntriesAttributes entries) => _alerts.Add(DropAlerts.From(entries));
}
