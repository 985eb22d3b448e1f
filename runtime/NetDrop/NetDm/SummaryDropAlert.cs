using System.Collections.Generic;

namespace NetDrop.NetDm;

/// <summary>
/// Drop counts NET_DM's summary mode sends once per interval: per location for software drops, per
/// devlink trap for hardware drops. When streamed from <see cref="NetDmClient.ReadAlertsAsync"/> it
/// is reused for the next summary, lists included: see <see cref="DropAlert"/>.
/// </summary>
public sealed class SummaryDropAlert : DropAlert
{
    private readonly List<SummaryDropPoint> _locations = [];
    private readonly List<HardwareTrapCount> _hardwareTraps = [];

    internal SummaryDropAlert()
    {
        Locations = _locations.AsReadOnly();
        HardwareTraps = _hardwareTraps.AsReadOnly();
    }

    /// <summary>Software drops per kernel location; empty for a hardware summary.</summary>
    public IReadOnlyList<SummaryDropPoint> Locations { get; }

    /// <summary>Hardware drops per devlink trap; empty for a software summary.</summary>
    public IReadOnlyList<HardwareTrapCount> HardwareTraps { get; }

    /// <inheritdoc/>
    public override SummaryDropAlert ToOwned()
    {
        var copy = new SummaryDropAlert();
        copy._locations.AddRange(_locations);
        copy._hardwareTraps.AddRange(_hardwareTraps);
        return copy;
    }

    /// <summary>Overwrites this alert with a software summary, naming locations with <paramref name="text"/>.</summary>
    internal void Refill(in NetDmSummaryAlert alert, AlertText text)
    {
        _locations.Clear();
        _hardwareTraps.Clear();
        for (int i = 0; i < alert.Count; i++)
        {
            NetDmDropPoint point = alert[i];
            _locations.Add(new SummaryDropPoint(point.ProgramCounter, point.Count, text.Symbol(point.ProgramCounter)));
        }
    }

    /// <summary>Overwrites this alert with a hardware summary.</summary>
    internal void Refill(in NetDmHwEntriesAttributes entries, AlertText text)
    {
        _locations.Clear();
        _hardwareTraps.Clear();
        foreach (NetDmHwEntryAttributes entry in entries.HwEntry)
        {
            _hardwareTraps.Add(new HardwareTrapCount(text.Get(AlertTextField.Trap, entry.HwTrapNameUtf8), entry.HwTrapCount ?? 0));
        }
    }
}
