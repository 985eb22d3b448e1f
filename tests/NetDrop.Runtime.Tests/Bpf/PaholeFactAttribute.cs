using System;
using System.IO;

namespace NetDrop.Tests.Bpf;

/// <summary>A test that checks the BTF reader against pahole on this machine's kernel; skipped, saying why, where it cannot run.</summary>
public sealed class PaholeFactAttribute : FactAttribute
{
    public PaholeFactAttribute() => Skip = SkipReason();

    internal static string? SkipReason()
    {
        string? missing = !File.Exists("/sys/kernel/btf/vmlinux") ? "a kernel that publishes BTF (/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF)"
            : !NetDrop.Shared.HostTool.Exists("pahole") ? "pahole (apt-get install dwarves)"
            : null;
        return missing is null ? null : "KERNEL BTF TEST NOT RUN: it needs " + missing + ".";
    }
}

/// <summary>A pahole comparison with data (see <see cref="PaholeFactAttribute"/>).</summary>
public sealed class PaholeTheoryAttribute : TheoryAttribute
{
    public PaholeTheoryAttribute() => Skip = PaholeFactAttribute.SkipReason();
}
