namespace NetDrop.NetDm;

/// <summary>
/// One NET_DM alert: a <see cref="PacketDropAlert"/> or a <see cref="SummaryDropAlert"/>.
/// <para>
/// <see cref="NetDmClient.ReadAlertsAsync"/> reuses one object of each kind per enumeration, so an
/// alert it yields is valid only until the next <c>MoveNextAsync</c>: the next alert overwrites it and
/// its payload. Call <see cref="ToOwned"/> to keep one (in a list, a field, a channel). Alerts from
/// <see cref="DropAlerts"/> and <see cref="DropAlertCollector"/> are owned already.
/// </para>
/// </summary>
public abstract class DropAlert
{
    private protected DropAlert()
    {
    }

    /// <summary>A copy that owns its payload and lists, unaffected by later alerts. Allocates.</summary>
    public abstract DropAlert ToOwned();
}
