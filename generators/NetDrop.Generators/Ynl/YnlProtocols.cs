using System;

namespace NetDrop.Ynl;

/// <summary>
/// The spec protocols NetDrop reads: the kernel's genetlink flavours and NetDrop's own two. One list
/// for the generator's parser, its file filter and its diagnostics, and for SpecSync.
/// </summary>
internal static class YnlProtocols
{
    public const string Genetlink = "genetlink";
    public const string GenetlinkC = "genetlink-c";
    public const string GenetlinkLegacy = "genetlink-legacy";
    public const string NetlinkRaw = "netlink-raw";
    public const string Socket = "netdrop-socket";
    public const string DropReasons = "netdrop-drop-reasons";

    /// <summary>YNL's default: the kernel's own genetlink specs (netdev.yaml) leave protocol out.</summary>
    public const string Default = Genetlink;

    /// <summary>The list as a diagnostic says it.</summary>
    public const string Names = Genetlink + ", " + GenetlinkC + ", " + GenetlinkLegacy + ", " + NetlinkRaw + ", " + Socket + " or " + DropReasons;

    public static bool IsKnown(string protocol) =>
        protocol is Genetlink or GenetlinkC or GenetlinkLegacy or NetlinkRaw or Socket or DropReasons;

    /// <summary>The genetlink flavours: families with attribute sets and operations.</summary>
    public static bool IsNetlink(string protocol) => protocol.StartsWith(Genetlink, StringComparison.Ordinal);

    /// <summary>The kernel's own protocols: genetlink flavours and netlink-raw (rtnetlink, nfnetlink).</summary>
    public static bool IsKernelNetlink(string protocol) => IsNetlink(protocol) || protocol == NetlinkRaw;

    /// <summary>
    /// Whether a file's protocol line claims it for NetDrop. Wider than <see cref="IsKnown"/> on
    /// purpose: a misspelt genetlink-* or netdrop-* protocol is read and reported (ND0003), not skipped.
    /// </summary>
    public static bool IsClaimed(string protocol) =>
        protocol.StartsWith(Genetlink, StringComparison.Ordinal) || protocol.StartsWith("netdrop-", StringComparison.Ordinal) || protocol == NetlinkRaw;
}
