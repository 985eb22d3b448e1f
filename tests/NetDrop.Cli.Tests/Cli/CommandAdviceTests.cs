using System.Text.Json;
using NetDrop.Cli;
using NetDrop.Cli.Doctor;
using NetDrop.SystemChecks;

namespace NetDrop.Tests.Cli;

/// <summary>
/// The runtime's advice names its API; the command prints the same advice with its own flags, word for
/// word as it did when the runtime wrote the flags itself.
/// </summary>
public sealed class CommandAdviceTests
{
    [Fact]
    public void A_busy_net_dm_session_is_taken_over_with_the_watch_flag()
    {
        Assert.DoesNotContain("netdrop", DropMonitor.BusyAdvice, System.StringComparison.Ordinal);
        Assert.Equal(
            "NET_DM is already monitoring: another tool (dropwatch) is running, or a NetDrop was killed and left it on; stop that tool, or take the session over (netdrop watch --take-over, DropMonitorOptions.TakeOverNetDm)",
            CommandAdvice.Word(DropMonitor.BusyAdvice));
    }

    [Fact]
    public void Doctor_findings_name_the_commands()
    {
        Assert.Equal("run as root (sudo netdrop ...) for CAP_NET_ADMIN (configuring and starting NET_DM); CAP_SYS_ADMIN (receiving NET_DM alerts on newer kernels and mounting tracefs); CAP_NET_RAW (AF_PACKET sockets: capture and the TPACKET check)",
            CommandAdvice.Word(new CapabilitySet(0).Assess().Remedy!));
        Assert.Equal("mount tracefs (see above), then run netdrop doctor again",
            CommandAdvice.Word(new KfreeSkbAvailability(null, null, null, "tracefs is not mounted").Assess().Remedy!));
        Assert.Equal("run netdrop watch as root to use it",
            CommandAdvice.Word(new DropSourceChoice(DropSource.Tracepoint, "the skb:kfree_skb tracepoint", false).Assess(new CapabilitySet(0)).Remedy!));
        Assert.Equal("NetDrop loads it when it opens NET_DM as root (netdrop watch); or load it now: modprobe drop_monitor",
            CommandAdvice.Word(NetDmAvailability.From(null, KernelConfig.Parse("CONFIG_NET_DROP_MONITOR=m\n", "/boot/config-test"), true, "drop_monitor.ko", null).Assess().Remedy!));
    }

    [Fact]
    public void Wording_twice_changes_nothing_and_other_text_is_left_alone()
    {
        string once = CommandAdvice.Word(DropMonitor.BusyAdvice);
        Assert.Equal(once, CommandAdvice.Word(once));
        const string Plain = "run as root: tracefs is readable by root only";
        Assert.Same(Plain, CommandAdvice.Word(Plain));
    }

    [Fact]
    public void Doctor_json_writes_findings_in_the_command_words_with_the_record_shape()
    {
        Finding warning = new CapabilitySet(0).Assess();
        using JsonDocument written = JsonDocument.Parse(JsonSerializer.Serialize(warning, DoctorJsonContext.Default.Finding));
        Assert.Equal(["topic", "status", "summary", "remedy"], System.Linq.Enumerable.Select(written.RootElement.EnumerateObject(), p => p.Name));
        Assert.Equal("missing", written.RootElement.GetProperty("status").GetString());
        Assert.StartsWith("run as root (sudo netdrop ...) for CAP_NET_ADMIN", written.RootElement.GetProperty("remedy").GetString());

        using JsonDocument ok = JsonDocument.Parse(JsonSerializer.Serialize(Finding.Ok("kernel", "6.18"), DoctorJsonContext.Default.Finding));
        Assert.Equal(JsonValueKind.Null, ok.RootElement.GetProperty("remedy").ValueKind);
    }
}
