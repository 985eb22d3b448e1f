using NetDrop.Interop;

namespace NetDrop.Netlink.Generic;

/// <summary>The generic netlink controller knows no family of that name (ENOENT on CTRL_CMD_GETFAMILY).</summary>
public sealed class GenericNetlinkFamilyNotFoundException : NetlinkRequestException
{
    public GenericNetlinkFamilyNotFoundException(string family, string? hint, string? kernelMessage)
        : base($"CTRL_CMD_GETFAMILY \"{family}\"", Errno.ENOENT, hint ?? $"this kernel has no generic netlink family \"{family}\"", kernelMessage, null) =>
        Family = family;

    public string Family { get; }
}
