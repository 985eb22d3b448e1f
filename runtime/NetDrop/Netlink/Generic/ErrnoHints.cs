using NetDrop.Interop;

namespace NetDrop.Netlink.Generic;

/// <summary>What an errno means for a request, and what to do about it; null when there is nothing to add.</summary>
public delegate string? ErrnoHint(Errno errno);

/// <summary>Hints that hold for any generic netlink request.</summary>
public static class ErrnoHints
{
    public const string NeedsAdmin = "needs CAP_NET_ADMIN / CAP_SYS_ADMIN: run as root or grant the capability (setcap cap_net_admin+ep)";

    public static string? Common(Errno errno) => errno switch
    {
        Errno.EPERM => NeedsAdmin,
        _ => null,
    };
}
