using System;
using System.IO;
using NetDrop.SystemChecks;
using NetDrop.Tests.Tracing;
using NetDrop.Tracing;

namespace NetDrop.Tests.Diagnostics;

/// <summary>tracefs and the skb:kfree_skb event, found in fake /proc/mounts texts and a fake tracefs directory.</summary>
public sealed class TracepointAvailabilityTests : IDisposable
{
    private readonly string _tracefs = Directory.CreateTempSubdirectory("netdrop-tracefs-").FullName;

    public void Dispose() => Directory.Delete(_tracefs, recursive: true);

    [Theory]
    [InlineData("sysfs /sys sysfs rw 0 0\ntracefs /sys/kernel/tracing tracefs rw,nosuid 0 0\n", "/sys/kernel/tracing")]
    [InlineData("nodev /mnt/my\\040trace tracefs rw 0 0\n", "/mnt/my trace")]
    [InlineData("sysfs /sys sysfs rw 0 0\n", null)]
    public void The_mount_point_comes_from_proc_mounts(string mounts, string? expected)
    {
        TracefsAvailability tracefs = TracefsAvailability.From(mounts, defaultMountPointExists: true);

        Assert.Equal(expected, tracefs.MountPoint);
        Finding finding = tracefs.Assess();
        Assert.Equal(expected is null ? FindingStatus.Warning : FindingStatus.Ok, finding.Status);
        if (expected is null)
        {
            Assert.Equal("NetDrop mounts it at /sys/kernel/tracing when run as root; or mount it now: mount -t tracefs nodev /sys/kernel/tracing", finding.Remedy);
        }
    }

    [Fact]
    public void A_kernel_without_tracing_is_missing_tracefs()
    {
        Finding finding = TracefsAvailability.From("sysfs /sys sysfs rw 0 0\n", defaultMountPointExists: false).Assess();

        Assert.Equal(FindingStatus.Missing, finding.Status);
        Assert.Contains("CONFIG_TRACING", finding.Remedy);
    }

    [Fact]
    public void A_readable_format_with_reasons_is_ok_and_returned_parsed()
    {
        WriteFormat(TracefsVectors.Format);

        KfreeSkbAvailability kfreeSkb = KfreeSkbAvailability.Probe(_tracefs, out TraceEventFormat? format);

        Assert.Equal(Path.Combine(_tracefs, "events/skb/kfree_skb/format"), kfreeSkb.FormatPath);
        Assert.True(kfreeSkb.Present);
        Assert.True(kfreeSkb.HasReason);
        Assert.Null(kfreeSkb.Problem);
        Assert.Equal(2310, format!.Id);
        Assert.Equal(FindingStatus.Ok, kfreeSkb.Assess().Status);
    }

    [Fact]
    public void A_format_without_the_reason_field_is_a_warning()
    {
        WriteFormat(TracefsVectors.Format.Replace("\tfield:enum skb_drop_reason reason;\toffset:36;\tsize:4;\tsigned:0;\n", ""));

        KfreeSkbAvailability kfreeSkb = KfreeSkbAvailability.Probe(_tracefs, out _);

        Assert.True(kfreeSkb.Present);
        Assert.False(kfreeSkb.HasReason);
        Assert.Equal(FindingStatus.Warning, kfreeSkb.Assess().Status);
        Assert.Equal("drops are shown without reasons; kernels from Linux 5.17 record them", kfreeSkb.Assess().Remedy);
    }

    [Fact]
    public void A_missing_event_is_missing_and_a_damaged_format_is_a_problem_not_a_crash()
    {
        KfreeSkbAvailability absent = KfreeSkbAvailability.Probe(_tracefs, out TraceEventFormat? none);
        Assert.False(absent.Present);
        Assert.Null(none);
        Assert.Equal(FindingStatus.Missing, absent.Assess().Status);

        WriteFormat("name: kfree_skb\nID: twelve\n");
        KfreeSkbAvailability damaged = KfreeSkbAvailability.Probe(_tracefs, out TraceEventFormat? unparsed);
        Assert.True(damaged.Present);
        Assert.Null(damaged.HasReason);
        Assert.Null(unparsed);
        Assert.StartsWith(Path.Combine(_tracefs, "events/skb/kfree_skb/format") + " cannot be parsed: format line 2: ID is not a number", damaged.Problem);
        Assert.Equal(FindingStatus.Warning, damaged.Assess().Status);
    }

    [Fact]
    public void Without_tracefs_the_event_is_not_checked()
    {
        KfreeSkbAvailability kfreeSkb = KfreeSkbAvailability.Probe(null, out _);

        Assert.Null(kfreeSkb.Present);
        Assert.Equal("not checked: tracefs is not mounted", kfreeSkb.Assess().Summary);
        Assert.Equal(FindingStatus.Missing, kfreeSkb.Assess().Status);
    }

    private void WriteFormat(string text)
    {
        string directory = Path.Combine(_tracefs, "events", "skb", "kfree_skb");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "format"), text);
    }
}
