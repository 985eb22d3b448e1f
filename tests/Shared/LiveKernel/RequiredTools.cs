using System;
using System.Collections.Generic;
using System.Linq;
using NetDrop.Packet;
using NetDrop.Shared;

namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// The host tools tests run, each with the Debian package that brings it: a test that needs one the
/// machine lacks (looked up on PATH, where running it looks) is skipped with the package named, never failed.
/// </summary>
internal static class RequiredTools
{
    /// <summary>
    /// Tool → package. Two are not programs on PATH: "libpcap" is the library capture filters load, and
    /// "uapi-headers" the kernel's uapi headers in /usr/include that C probes compile against.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Packages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["nft"] = "nftables",
        ["genl"] = "iproute2",
        ["ethtool"] = "ethtool",
        ["conntrack"] = "conntrack",
        ["python3"] = "python3",
        ["gcc"] = "gcc",
        ["uapi-headers"] = "linux-libc-dev",
        ["tshark"] = "tshark",
        ["tmux"] = "tmux",
        ["tcpdump"] = "tcpdump",
        ["pahole"] = "dwarves",
        ["bpftool"] = "bpftool",
        ["clang"] = "clang",
        ["afl-fuzz"] = "afl++",
        ["qemu-system-x86_64"] = "qemu-system-x86",
        ["unshare"] = "util-linux",
        ["nsenter"] = "util-linux",
        ["libpcap"] = "libpcap0.8",
        ["prometheus"] = "prometheus",
        ["promtool"] = "prometheus",
        ["systemd-analyze"] = "systemd",
    };

    /// <summary>The first of <paramref name="tools"/> missing here as "nft (apt-get install nftables)", or null when all are present.</summary>
    public static string? Missing(IEnumerable<string> tools)
    {
        foreach (string tool in tools)
        {
            bool present = tool switch
            {
                "libpcap" => CaptureFilter.CompilerAvailable,
                "uapi-headers" => System.IO.File.Exists("/usr/include/linux/genetlink.h"),
                _ => HostTool.Exists(tool),
            };
            if (!present)
            {
                return $"{tool} (apt-get install {Packages.GetValueOrDefault(tool, tool)})";
            }
        }

        return null;
    }

    /// <summary>The skip message of a test that needs <paramref name="tools"/>, or null when it can run.</summary>
    public static string? SkipReason(string[] tools) =>
        tools.Length == 0 || Missing(tools) is not { } missing ? null
        : $"TOOL TEST NOT RUN: it needs {missing}, which this machine lacks.";
}
