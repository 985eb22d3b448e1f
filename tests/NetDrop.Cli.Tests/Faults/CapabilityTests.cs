using System;
using System.IO;
using System.Linq;
using System.Text.Json;

using NetDrop.Tests.Tracing;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Faults;

/// <summary>
/// The tracepoint source needs no root, only two capabilities: CAP_DAC_OVERRIDE to open the root-only
/// tracefs and make an instance there, and CAP_SYSLOG for /proc/kallsyms to show addresses. These run
/// netdrop as nobody with exactly those (setpriv), with one fewer, and with none.
/// </summary>
// Runs as nobody with the shared home NetdropProcess makes: one such test at a time.
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class CapabilityTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Mounts tracefs as root first when it is not mounted, as an operator would have: nobody cannot
    /// mount it (that needs CAP_SYS_ADMIN), and these tests must not depend on an earlier test's mount.
    /// </summary>
    public CapabilityTests() => MountTracefs();

    internal static void MountTracefs() => NetDrop.Tracing.Tracefs.Locate();

    [LiveKernelFact]
    public void As_nobody_with_dac_override_and_syslog_watch_reads_drops_with_kernel_functions()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using NetdropProcess watch = NetdropProcess.StartWithCapabilities("dac_override,syslog", "watch", "--json", "--kernel-filter", sender.KernelFilter, "--count", "5");
        watch.WaitUntilWatching();

        sender.Send(5);

        Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
        JsonElement[] drops = watch.Stdout.Select(line => JsonDocument.Parse(line).RootElement).Where(r => r.GetProperty("type").GetString() == "drop").ToArray();
        Assert.Equal(5, drops.Length);
        Assert.All(drops, d => Assert.Equal("__udp4_lib_rcv", d.GetProperty("function").GetString()));
        Assert.DoesNotContain(watch.Stderr, l => l.StartsWith("Kernel functions are shown as addresses", StringComparison.Ordinal));
        Assert.False(Directory.Exists(TracefsInstances.InstancePath(watch.Pid)), "the instance is removed without root too");
    }

    [LiveKernelFact]
    public void Without_syslog_drops_come_as_unknown_and_a_line_saying_why_and_what_shows_addresses()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using NetdropProcess watch = NetdropProcess.StartWithCapabilities("dac_override", "watch", "--mode", "packet", "--kernel-filter", sender.KernelFilter, "--count", "3");
        watch.WaitUntilWatching();

        sender.Send(3);

        Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
        Assert.Contains("Kernel functions are shown as unknown: /proc/kallsyms hides them from this process (it needs CAP_SYSLOG, or root); --kernel-addresses shows the raw addresses.", watch.Stderr);
        string[] lines = watch.Stdout.Where(l => l.Contains(" NO_SOCKET ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains(" NO_SOCKET unknown - ", l, StringComparison.Ordinal));
        Assert.DoesNotContain(watch.Stdout, l => l.Contains("0xffff", StringComparison.Ordinal));
    }

    [LiveKernelFact]
    public void Without_syslog_and_with_kernel_addresses_drops_come_with_addresses_and_a_line_saying_why()
    {
        using var ns = new NetworkNamespace();
        using var sender = new BurstSender(ns, "127.0.0.1", 9);
        using NetdropProcess watch = NetdropProcess.StartWithCapabilities("dac_override", "watch", "--json", "--kernel-addresses", "--kernel-filter", sender.KernelFilter, "--count", "3");
        watch.WaitUntilWatching();

        sender.Send(3);

        Assert.True(watch.WaitForExit(Deadline) == 0, watch.Transcript);
        Assert.Contains("Kernel functions are shown as addresses: /proc/kallsyms hides them from this process (it needs CAP_SYSLOG, or root).", watch.Stderr);
        JsonElement[] drops = watch.Stdout.Select(line => JsonDocument.Parse(line).RootElement).Where(r => r.GetProperty("type").GetString() == "drop").ToArray();
        Assert.Equal(3, drops.Length);
        Assert.All(drops, d =>
        {
            Assert.False(d.TryGetProperty("symbol", out _), "no symbol is made up");
            Assert.Matches("^0xffff[0-9a-f]{12}$", d.GetProperty("location").GetString());
            Assert.Equal("NO_SOCKET", d.GetProperty("reason").GetString());
        });
    }

    [LiveKernelFact]
    public void With_no_capabilities_watch_says_what_to_do_and_exits_1()
    {
        (int exit, NetdropProcess watch) = NetdropProcess.RunWithCapabilities(Deadline, string.Empty, "watch", "--duration", "1");
        using (watch)
        {
            Assert.True(exit == 1, watch.Transcript);
            string message = Assert.Single(watch.Stderr, l => l.StartsWith("netdrop watch: ", StringComparison.Ordinal));
            Assert.Contains("it is readable by root only; run as root (sudo), or give this user access to it", message, StringComparison.Ordinal);
        }
    }
}
