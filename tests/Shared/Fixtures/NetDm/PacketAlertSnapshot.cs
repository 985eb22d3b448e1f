using NetDrop.NetDm;

namespace NetDrop.Tests.NetDm;

/// <summary>Everything <see cref="NetDmPacketAlert"/> said about one alert, copied out of the ref struct.</summary>
internal sealed record PacketAlertSnapshot(
    NetDmOrigin Origin,
    ulong? ProgramCounter,
    string Symbol,
    string ReasonName,
    DropReason? Reason,
    uint? InputIfIndex,
    string InputName,
    ulong? TimestampNanoseconds,
    ushort? Protocol,
    uint? OriginalLength,
    byte[] Payload);
