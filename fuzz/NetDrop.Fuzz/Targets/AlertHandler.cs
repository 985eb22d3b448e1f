using System;
using System.Collections.Generic;
using NetDrop.NetDm;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// Takes NET_DM alerts the way the runtime's consumers do (DropMonitor's events, NetDmClient's
/// records) and checks every view the decoder handed over lies inside the datagram.
/// </summary>
internal unsafe struct AlertHandler : INetDmAlertHandler
{
    private readonly byte* _datagram;
    private readonly int _length;

    public AlertHandler(byte* datagram, int length, List<DropEvent> events)
    {
        _datagram = datagram;
        _length = length;
        Events = events;
        Malformed = 0;
    }

    public List<DropEvent> Events { get; }

    public int Malformed { get; private set; }

    private readonly ReadOnlySpan<byte> Datagram => new(_datagram, _length);

    public void OnPacketAlert(in NetDmPacketAlert alert)
    {
        Invariants.Inside(alert.SymbolUtf8, Datagram, "the symbol");
        Invariants.Inside(alert.ReasonUtf8, Datagram, "the reason");
        Invariants.Inside(alert.InputNameUtf8, Datagram, "the interface name");
        Invariants.Inside(alert.Payload, Datagram, "the payload");
        Invariants.Inside(alert.HardwareTrapGroupUtf8, Datagram, "the trap group");
        Invariants.Inside(alert.HardwareTrapUtf8, Datagram, "the trap");
        Events.Add(NetDmEvents.ToDropEvent(alert));
        DropAlerts.From(alert);
    }

    public void OnSummaryAlert(in NetDmSummaryAlert alert)
    {
        Invariants.That(alert.Count <= alert.DeclaredEntries, $"a summary alert holds {alert.Count} points but says {alert.DeclaredEntries}");
        Invariants.That(alert.Count * 12 <= _length, $"a summary alert holds {alert.Count} points in a {_length}-byte datagram");
        for (int i = 0; i < alert.Count; i++)
        {
            _ = alert[i];
        }

        DropAlerts.From(alert, null);
    }

    public void OnHardwareSummaryAlert(in NetDmHwEntriesAttributes entries) => DropAlerts.From(entries);

    public void OnMalformed(string problem)
    {
        Invariants.That(problem.Length > 0, "a malformed message was reported without a reason");
        Malformed++;
    }
}
