using System.Collections.Generic;

namespace NetDrop.Cli.Agent;

/// <summary>What the agent starts with: the checked settings, and what SIGHUP needs to check them again.</summary>
/// <param name="Settings">The settings now.</param>
/// <param name="CommandLine">The options given on the command line, which win over the file on every reload.</param>
/// <param name="FileSettings">The file's settings as last read (empty without --config).</param>
/// <param name="ConfigPath">The --config file; null for none.</param>
internal sealed record AgentStart(
    AgentSettings Settings,
    IReadOnlyDictionary<string, SettingValue> CommandLine,
    IReadOnlyDictionary<string, SettingValue> FileSettings,
    string? ConfigPath);
