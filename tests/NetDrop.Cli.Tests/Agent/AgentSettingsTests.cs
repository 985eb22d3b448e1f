using System.Collections.Generic;
using NetDrop.Cli.Agent;
using NetDrop.Cli.Watch.Filter;

namespace NetDrop.Tests.Agent;

/// <summary>netdrop agent's --config file and how it meets the command line.</summary>
public sealed class AgentSettingsTests
{
    [Fact]
    public void Key_value_and_yaml_lines_comments_and_quotes_are_read()
    {
        (Dictionary<string, SettingValue>? settings, string? error) = AgentConfigFile.Parse("""
            # netdrop agent
            ---
            source = tracepoint
            listen: 127.0.0.1:9464   # scraped locally
            filter: "reason == NO_SOCKET # not a comment"
            log-format = 'json'
            """, "agent.conf");

        Assert.Null(error);
        Assert.Equal("tracepoint", settings!["source"].Text);
        Assert.Equal("127.0.0.1:9464", settings["listen"].Text);
        Assert.Equal("reason == NO_SOCKET # not a comment", settings["filter"].Text);
        Assert.Equal("json", settings["log-format"].Text);
        Assert.Equal("agent.conf line 4", settings["listen"].Origin);
    }

    [Theory]
    [InlineData("sorce = netdm", "agent.conf line 1: unknown key 'sorce'; the keys are source, filter")]
    [InlineData("source = netdm\nsource = tracepoint", "agent.conf line 2: 'source' is set twice; keep one")]
    [InlineData("listen", "agent.conf line 1: expected 'key = value' or 'key: value', not 'listen'")]
    [InlineData("filter = \"reason == NO_SOCKET", "agent.conf line 1: filter: the value opens with \" but does not close it")]
    [InlineData("filter = 'a' b", "agent.conf line 1: filter: text after the closing ': 'b'")]
    public void A_bad_line_is_named_with_what_to_fix(string text, string expected)
    {
        (Dictionary<string, SettingValue>? settings, string? error) = AgentConfigFile.Parse(text, "agent.conf");

        Assert.Null(settings);
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void The_command_line_wins_over_the_file_and_start_only_keys_are_told_apart()
    {
        var file = new Dictionary<string, SettingValue> { ["source"] = new("netdm", "f line 1"), ["listen"] = new("127.0.0.1:1", "f line 2") };
        var commandLine = new Dictionary<string, SettingValue> { ["source"] = new("tracepoint", "--source") };

        (AgentSettings? settings, string? error) = AgentSettings.From(AgentSettings.Merge(file, commandLine), ReasonNames.Catalogue);

        Assert.Null(error);
        Assert.Equal(DropSourcePreference.Tracepoint, settings!.Source);
        Assert.Equal(1, settings.Listen!.Port);
        var changed = new Dictionary<string, SettingValue>(file) { ["listen"] = new("127.0.0.1:2", "f line 2") };
        Assert.Equal(["listen"], AgentSettings.StartOnlyChanges(file, changed));
    }

    [Theory]
    [InlineData("listen", "127.0.0.1", "--listen must be ADDRESS:PORT")]
    [InlineData("listen", "::1:9464", "--listen must be ADDRESS:PORT")]
    [InlineData("listen", "localhost:9464", "--listen must be ADDRESS:PORT")]
    [InlineData("source", "ebpf", "--source must be auto, netdm, tracepoint or bpf, not 'ebpf'")]
    [InlineData("log-format", "yaml", "--log-format must be text or json")]
    [InlineData("filter", "reason ==", "--filter: at column")]
    [InlineData("kernel-filter", "a\nb", "--kernel-filter needs one line")]
    [InlineData("otlp", "ftp://x", "--otlp: 'ftp://x' is not an http:// or https:// URL")]
    public void A_bad_value_says_which_option_and_what_it_takes(string key, string value, string expected)
    {
        var values = new Dictionary<string, SettingValue> { ["listen"] = new("127.0.0.1:9464", "--listen"), [key] = new(value, "--" + key) };

        (AgentSettings? settings, string? error) = AgentSettings.From(values, ReasonNames.Catalogue);

        Assert.Null(settings);
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void Without_listen_or_otlp_there_is_nothing_to_publish_to()
    {
        (AgentSettings? settings, string? error) = AgentSettings.From(new Dictionary<string, SettingValue>(), ReasonNames.Catalogue);

        Assert.Null(settings);
        Assert.StartsWith("nothing to publish to: give --listen", error);
    }

    [Fact]
    public void A_file_value_with_a_problem_is_named_by_its_line_and_key()
    {
        (Dictionary<string, SettingValue>? file, _) = AgentConfigFile.Parse("listen = 127.0.0.1:9464\nsource = nope", "/etc/netdrop/agent.conf");

        (_, string? error) = AgentSettings.From(file!, ReasonNames.Catalogue);

        Assert.StartsWith("/etc/netdrop/agent.conf line 2: source must be", error);
    }

    [Fact]
    public void Backoff_doubles_from_one_second_to_its_cap_and_starts_again_after_a_reset()
    {
        var backoff = new Backoff(System.TimeSpan.FromSeconds(10));

        Assert.Equal([1, 2, 4, 8, 10, 10], [backoff.Next().TotalSeconds, backoff.Next().TotalSeconds, backoff.Next().TotalSeconds,
            backoff.Next().TotalSeconds, backoff.Next().TotalSeconds, backoff.Next().TotalSeconds]);
        backoff.Reset();
        Assert.Equal(1, backoff.Next().TotalSeconds);
    }
}
