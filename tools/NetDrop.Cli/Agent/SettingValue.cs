namespace NetDrop.Cli.Agent;

/// <summary>One setting as given: its text and where it came from ("--filter", "/etc/netdrop/agent.conf line 3"), for errors.</summary>
internal readonly record struct SettingValue(string Text, string Origin);
