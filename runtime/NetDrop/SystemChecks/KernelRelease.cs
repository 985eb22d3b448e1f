using System;
using System.Text;
using NetDrop.Interop;

namespace NetDrop.SystemChecks;

/// <summary>The running kernel as uname(2) names it.</summary>
/// <param name="Release">uname -r, e.g. 6.18.44-fc-v1300: the name of its /boot/config-* and /lib/modules/* entries.</param>
/// <param name="Version">uname -v, the build's own string (#1 SMP PREEMPT_DYNAMIC …).</param>
/// <param name="Machine">uname -m, e.g. x86_64.</param>
public sealed record KernelRelease(string Release, string Version, string Machine)
{
    /// <summary>The running kernel.</summary>
    /// <exception cref="InvalidOperationException">uname failed, which Linux documents only for a bad buffer.</exception>
    public static unsafe KernelRelease Read()
    {
        LibC.UtsName name;
        if (LibC.Uname(&name) != 0)
        {
            Errno errno = LibC.LastError;
            throw new InvalidOperationException($"uname failed: {errno.Name()}");
        }

        return new KernelRelease(Field(name.release), Field(name.version), Field(name.machine));
    }

    public Finding Assess() => Finding.Ok("kernel", $"Linux {Release} ({Machine}), {Version}");

    private static unsafe string Field(byte* field)
    {
        var bytes = new ReadOnlySpan<byte>(field, LibC.UtsNameFieldLength);
        int end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes.Slice(0, end));
    }
}
