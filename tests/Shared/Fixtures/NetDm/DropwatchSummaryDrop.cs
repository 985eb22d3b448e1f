namespace NetDrop.Tests.NetDm;

/// <summary>"3 drops at __udp4_lib_rcv+9a2 (0xffffffff890bcae2) [software]": dropwatch prints the offset in hex without 0x.</summary>
internal sealed record DropwatchSummaryDrop(uint Count, string SymbolName, string Offset, ulong ProgramCounter, string Origin);
