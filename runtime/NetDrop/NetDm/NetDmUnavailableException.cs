using System;
using System.IO;

namespace NetDrop.NetDm;

/// <summary>The kernel has no NET_DM generic netlink family.</summary>
public sealed class NetDmUnavailableException : InvalidOperationException
{
    /// <summary>The message on a kernel that loads modules: the drop_monitor module may only be missing.</summary>
    public const string Explanation =
        "this kernel has no NET_DM: CONFIG_NET_DROP_MONITOR is off or the drop_monitor module is missing " +
        "(try 'modprobe drop_monitor'; without it, NetDrop reads the skb:kfree_skb tracepoint instead)";

    /// <summary>The message on a kernel that cannot load modules, where modprobe cannot help.</summary>
    public const string ExplanationWithoutModules =
        "this kernel has no NET_DM: CONFIG_NET_DROP_MONITOR is not built in, and this kernel cannot load modules " +
        "(a kernel built with CONFIG_NET_DROP_MONITOR=y has it; NetDrop reads the skb:kfree_skb tracepoint instead)";

    public NetDmUnavailableException(Exception inner)
        : base(Describe(CanLoadModules()), inner)
    {
    }

    /// <summary>The message for a kernel that can (or cannot) load modules.</summary>
    public static string Describe(bool canLoadModules) => canLoadModules ? Explanation : ExplanationWithoutModules;

    /// <summary>
    /// Whether modprobe could load drop_monitor: the kernel has module support (/proc/modules exists only
    /// with CONFIG_MODULES) and loading has not been switched off (kernel.modules_disabled=1 is for good).
    /// </summary>
    public static bool CanLoadModules(string proc = "/proc")
    {
        if (!File.Exists(Path.Combine(proc, "modules")))
        {
            return false;
        }

        try
        {
            return File.ReadAllText(Path.Combine(proc, "sys/kernel/modules_disabled")).Trim() != "1";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: nothing says loading is off.
            return true;
        }
    }
}
