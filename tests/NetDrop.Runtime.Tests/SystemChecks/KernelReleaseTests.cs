using System.IO;
using NetDrop.SystemChecks;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Diagnostics;

/// <summary>uname(2) through LibraryImport, checked against the kernel's own /proc/sys/kernel files.</summary>
public sealed class KernelReleaseTests
{
    [Fact]
    public void Uname_gives_the_release_and_version_proc_shows()
    {
        KernelRelease kernel = KernelRelease.Read();

        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), kernel.Release);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/version").Trim(), kernel.Version);
        Assert.Equal(Command.Run("uname", "-m").Trim(), kernel.Machine);
        Assert.Equal(FindingStatus.Ok, kernel.Assess().Status);
        Assert.StartsWith("Linux " + kernel.Release + " (", kernel.Assess().Summary);
    }
}
