using System;
using System.Buffers.Binary;
using System.Globalization;

namespace NetDrop.NetDm;

/// <summary>
/// A summary-mode drop alert (NET_DM_CMD_ALERT): the legacy net_dm_alert_msg carried as the payload
/// of attribute type 0, an entry count and that many 12-byte drop points.
/// </summary>
public readonly ref struct NetDmSummaryAlert
{
    private readonly ReadOnlySpan<net_dm_drop_point> _points;

    private NetDmSummaryAlert(ReadOnlySpan<net_dm_drop_point> points, uint declaredEntries)
    {
        _points = points;
        DeclaredEntries = declaredEntries;
    }

    /// <summary>The entry count the message states.</summary>
    public uint DeclaredEntries { get; }

    /// <summary>The drop points the message holds (never more than it states).</summary>
    public int Count => _points.Length;

    public NetDmDropPoint this[int index]
    {
        get
        {
            ref readonly net_dm_drop_point point = ref _points[index];
            return new NetDmDropPoint(BinaryPrimitives.ReadUInt64LittleEndian(point.pc), point.count);
        }
    }

    /// <summary>
    /// Reads the legacy struct. A count larger than the points present is an error, reported in
    /// <paramref name="problem"/>, and the points that are present are still returned.
    /// </summary>
    public static bool TryParse(NetDmAttributes attributes, out NetDmSummaryAlert alert, out string? problem)
    {
        problem = null;
        ReadOnlySpan<byte> payload = attributes.Unspec;
        if (!attributes.TryReadUnspec(out net_dm_alert_msg header))
        {
            alert = default;
            problem = attributes.HasUnspec
                ? string.Format(CultureInfo.InvariantCulture, "summary alert payload is {0} bytes, shorter than its 4-byte entry count", payload.Length)
                : "summary alert has no attribute 0 (net_dm_alert_msg)";
            return false;
        }

        ReadOnlySpan<net_dm_drop_point> points = net_dm_alert_msg.GetPoints(payload);
        if (header.entries > points.Length)
        {
            problem = string.Format(CultureInfo.InvariantCulture,
                "summary alert says {0} drop points but holds {1}", header.entries, points.Length);
        }
        else
        {
            points = points.Slice(0, (int)header.entries);
        }

        alert = new NetDmSummaryAlert(points, header.entries);
        return true;
    }
}
