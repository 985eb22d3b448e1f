using System;
using System.IO;
using System.Text.RegularExpressions;
using NetDrop.SpecSync.Headers;

namespace NetDrop.SpecSync.Kernel;

/// <summary>
/// Reads a kernel source tree (include/uapi/linux, include/net) or an installed header tree
/// (/usr/include: linux/…) into a <see cref="KernelSnapshot"/>.
/// </summary>
public static partial class KernelHeaders
{
    public static KernelSnapshot Read(string root, KernelVersion? version = null)
    {
        if (!Directory.Exists(root))
        {
            throw new HeaderFormatException(root, 0, "is not a directory; give a kernel source tree or an installed header tree such as /usr/include");
        }

        string? netDm = FindUapi(root, "net_dropmon.h");
        string? packet = FindUapi(root, "if_packet.h");
        string? reasons = DropReasonHeader.Find(root);
        if (netDm is null && packet is null && reasons is null)
        {
            throw new HeaderFormatException(root, 0, "holds none of linux/net_dropmon.h, linux/if_packet.h, include/net/dropreason-core.h, include/net/dropreason.h, include/linux/skbuff.h");
        }

        KernelVersion resolved = version ?? DetectVersion(root)
            ?? throw new HeaderFormatException(root, 0, "does not say which kernel it is (no Makefile with VERSION and PATCHLEVEL, no linux/version.h); pass --kernel-version, as in 6.1");
        return new KernelSnapshot(
            resolved,
            root,
            reasons is null ? null : DropReasonHeader.Read(reasons),
            netDm is null ? null : CHeader.Read(netDm),
            packet is null ? null : CHeader.Read(packet));
    }

    private static string? FindUapi(string root, string name)
    {
        foreach (string relative in new[] { "include/uapi/linux/", "linux/", "include/linux/", "usr/include/linux/" })
        {
            string path = Path.Combine(root, relative + name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>The kernel version of a source tree (its Makefile) or header tree (linux/version.h).</summary>
    public static KernelVersion? DetectVersion(string root)
    {
        string makefile = Path.Combine(root, "Makefile");
        if (File.Exists(makefile))
        {
            string text = SpecSyncHost.ReadText(makefile);
            Match major = MakefileVariable().Match(text);
            Match minor = MakefilePatchLevel().Match(text);
            if (major.Success && minor.Success)
            {
                return new KernelVersion(MakefileNumber(makefile, text, major), MakefileNumber(makefile, text, minor));
            }
        }

        foreach (string relative in new[] { "include/generated/uapi/linux/version.h", "linux/version.h", "include/linux/version.h", "usr/include/linux/version.h" })
        {
            string path = Path.Combine(root, relative);
            if (File.Exists(path) && CHeader.Read(path) is { } header && header.Value("LINUX_VERSION_CODE") is long code)
            {
                return KernelVersion.FromCode(code) ?? throw new HeaderFormatException(path, header.Declaration("LINUX_VERSION_CODE")?.Line ?? 0, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"arithmetic overflow: LINUX_VERSION_CODE is {code}, not a version code (0 to {KernelVersion.MaxCode}); pass --kernel-version, as in 6.1"));
            }
        }

        return null;
    }

    /// <summary>VERSION or PATCHLEVEL of a Makefile; one that does not fit an int is an error at its line.</summary>
    private static int MakefileNumber(string makefile, string text, Match match)
    {
        if (int.TryParse(match.Groups[1].ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number))
        {
            return number;
        }

        int line = 1 + text.AsSpan(0, match.Index).Count('\n');
        throw new HeaderFormatException(makefile, line, $"arithmetic overflow: '{match.Value.Trim()}' is not a kernel version number; pass --kernel-version, as in 6.1");
    }

    [GeneratedRegex(@"^VERSION\s*=\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex MakefileVariable();

    [GeneratedRegex(@"^PATCHLEVEL\s*=\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex MakefilePatchLevel();
}
