using System;
using NetDrop.NetDm;
using NetDrop.Netlink;
using NetDrop.Netlink.Control;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// Reads every property of a decoded message's views, nested ones and string getters included, as a
/// robustness test must: a view that throws or loops on some property only shows when it is read.
/// Returns a checksum so nothing is skipped as unused.
/// </summary>
internal static class NetDmViewWalker
{
    /// <summary>More items than any message of at most 64 KiB can hold; reaching it means a walk that never ends.</summary>
    private const int MaxItems = 65536 / NetlinkAttribute.HeaderSize + 1;

    public static long Walk(in TrafficMessage message)
    {
        long sum = (long)message.Kind + message.Header.Length + message.Header.Type + (long)message.Header.Flags;
        sum += message.Generic.Command + message.Generic.Version + message.Generic.Reserved;
        sum += (long)message.Command + (long)message.ControlCommand + (message.IsRequest ? 1 : 0);
        sum += message.Problem?.Length ?? 0;
        sum += Walk(message.NetDm);
        sum += Walk(message.Control);
        sum += Walk(message.Error);
        return sum;
    }

    public static long Walk(NetDmAttributes a)
    {
        long sum = Error(a.Error) + a.UnknownCount + a.FirstUnknownType + a.BaseOffset;
        sum += a.Unspec.Length + (a.TryReadUnspec(out net_dm_alert_msg legacy) ? legacy.entries : 0);
        sum += (long?)a.AlertMode ?? -1;
        sum += (long)(a.Pc ?? 0) + a.SymbolUtf8.Length + (a.GetSymbol()?.Length ?? 0);
        sum += Walk(a.InPort);
        sum += (long)(a.Timestamp ?? 0) + (a.Proto ?? 0) + a.Payload.Length;
        sum += (a.TruncLen ?? 0) + (a.OrigLen ?? 0) + (a.QueueLen ?? 0);
        sum += Walk(a.Stats) + Walk(a.HwStats);
        sum += (long?)a.Origin ?? -1;
        sum += a.HwTrapGroupNameUtf8.Length + (a.GetHwTrapGroupName()?.Length ?? 0);
        sum += a.HwTrapNameUtf8.Length + (a.GetHwTrapName()?.Length ?? 0);
        NetDmHwEntriesAttributes entries = a.HwEntries;
        sum += Error(entries.Error) + entries.UnknownCount + (entries.HasHwEntry ? 1 : 0);
        int items = 0;
        NetlinkNestedViews<NetDmHwEntryAttributes>.Enumerator each = entries.HwEntry.GetEnumerator();
        while (each.MoveNext())
        {
            Guard(ref items);
            sum += Walk(each.Current);
        }

        sum += Error(each.Error);
        sum += Walk(a.HwEntry);
        sum += (a.HwTrapCount ?? 0) + (a.SwDrops ? 1 : 0) + (a.HwDrops ? 1 : 0);
        sum += a.FlowActionCookie.Length + a.ReasonUtf8.Length + (a.GetReason()?.Length ?? 0);

        // The hand-written types over the view.
        var alert = new NetDmPacketAlert(a);
        sum += (long)alert.Origin + (long)(alert.ProgramCounter ?? 0) + alert.SymbolUtf8.Length + alert.ReasonUtf8.Length;
        sum += (long?)alert.Reason ?? -1;
        sum += (alert.InputIfIndex ?? 0) + alert.InputNameUtf8.Length + (long)(alert.TimestampNanoseconds ?? 0);
        sum += (alert.Protocol ?? 0) + (alert.OriginalLength ?? 0) + alert.Payload.Length;
        sum += alert.HardwareTrapGroupUtf8.Length + alert.HardwareTrapUtf8.Length;
        if (NetDmSummaryAlert.TryParse(a, out NetDmSummaryAlert summary, out string? problem))
        {
            sum += summary.DeclaredEntries;
            for (int i = 0; i < summary.Count; i++)
            {
                NetDmDropPoint point = summary[i];
                sum += (long)point.ProgramCounter + point.Count;
            }
        }

        sum += problem?.Length ?? 0;
        NetDmConfig config = NetDmConfig.From(a);
        NetDmStats stats = NetDmStats.From(a);
        sum += config.GetHashCode() + stats.GetHashCode();
        return sum;
    }

    private static long Walk(NetDmPortAttributes port) =>
        Error(port.Error) + port.UnknownCount + (port.NetdevIfindex ?? 0) + port.NetdevNameUtf8.Length + (port.GetNetdevName()?.Length ?? 0);

    private static long Walk(NetDmStatsAttributes stats) => Error(stats.Error) + stats.UnknownCount + (long)(stats.Dropped ?? 0);

    private static long Walk(NetDmHwEntryAttributes entry) =>
        Error(entry.Error) + entry.UnknownCount + entry.HwTrapNameUtf8.Length + (entry.GetHwTrapName()?.Length ?? 0) + (entry.HwTrapCount ?? 0);

    public static long Walk(NlctrlCtrlAttributes c)
    {
        long sum = Error(c.Error) + c.UnknownCount + c.FirstUnknownType + c.BaseOffset;
        sum += (c.FamilyId ?? 0) + c.FamilyNameUtf8.Length + (c.GetFamilyName()?.Length ?? 0);
        sum += (c.Version ?? 0) + (c.Hdrsize ?? 0) + (c.Maxattr ?? 0) + (c.Op ?? 0);
        int items = 0;
        NetlinkNestedViews<NlctrlOpAttributes>.Enumerator ops = c.Ops.GetEnumerator();
        while (ops.MoveNext())
        {
            Guard(ref items);
            NlctrlOpAttributes op = ops.Current;
            sum += Error(op.Error) + op.UnknownCount + (op.Id ?? 0) + ((long?)op.Flags ?? 0);
        }

        sum += Error(ops.Error);
        NetlinkNestedViews<NlctrlMcastGroupAttributes>.Enumerator groups = c.McastGroups.GetEnumerator();
        while (groups.MoveNext())
        {
            Guard(ref items);
            NlctrlMcastGroupAttributes group = groups.Current;
            sum += Error(group.Error) + group.UnknownCount + group.NameUtf8.Length + (group.GetName()?.Length ?? 0) + (group.Id ?? 0);
        }

        sum += Error(groups.Error);
        sum += Walk(c.Policy, ref items) + Walk(c.OpPolicy, ref items);
        return sum;
    }

    /// <summary>CTRL_ATTR_POLICY and OP_POLICY: a nest per policy, holding a nest per attribute.</summary>
    private static long Walk(NetlinkRepeatedAttributes nests, ref int items)
    {
        long sum = 0;
        NetlinkRepeatedAttributes.Enumerator outer = nests.GetEnumerator();
        while (outer.MoveNext())
        {
            Guard(ref items);
            NetlinkAttributeReader inner = NetlinkAttributeReader.Nested(outer.Current);
            while (inner.TryReadNext(out NetlinkAttribute attribute))
            {
                Guard(ref items);
                NlctrlPolicyAttributes p = NlctrlPolicyAttributes.Parse(attribute.Payload, attribute.Offset + NetlinkAttribute.HeaderSize);
                // NL_POLICY_TYPE_ATTR_TYPE is not read: the generator is renaming its property (it clashes
                // with object.GetType); it is a u32 like PolicyIdx below, so nothing is lost.
                sum += Error(p.Error) + p.UnknownCount + (p.MinValueS ?? 0) + (p.MaxValueS ?? 0);
                sum += (long)(p.MinValueU ?? 0) + (long)(p.MaxValueU ?? 0) + (p.MinLength ?? 0) + (p.MaxLength ?? 0);
                sum += (p.PolicyIdx ?? 0) + (p.PolicyMaxtype ?? 0) + (p.Bitfield32Mask ?? 0) + (long)(p.Mask ?? 0);
            }

            sum += Error(inner.Error);
        }

        return sum + Error(outer.Error);
    }

    private static long Walk(NetlinkErrorMessage e) =>
        e.Error + (int)e.Errno + (e.IsAck ? 1 : 0) + e.Request.Length + e.RequestPayload.Length + e.ExtAckMessageUtf8.Length
        + (e.ExtAckOffset ?? 0) + e.ExtAckCookie.Length + e.ExtAckPolicy.Length + (e.MissingAttributeType ?? 0) + (e.MissingAttributeNest ?? 0);

    /// <summary>The error's text is built on demand; building it must not throw either.</summary>
    private static long Error(NetlinkAttributeError error) => error.IsError ? error.ToString().Length + error.Offset : 0;

    private static void Guard(ref int items)
    {
        if (++items > MaxItems)
        {
            throw new InvalidOperationException("a nested walk did not end");
        }
    }
}
