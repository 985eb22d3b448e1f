namespace NetDrop.Tests.NetDm;

/// <summary>A "dropwatch> set NAME VALUE" command: alertmode, trunc, queue, sw or hw.</summary>
internal sealed record DropwatchSetting(string Name, string Value);
