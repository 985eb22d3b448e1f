namespace NetDrop.Packet;

/// <summary>
/// A fanout group to join (PACKET_FANOUT): sockets bound alike that join the same group id share the
/// packets, each packet going to one member as <see cref="Mode"/> decides.
/// </summary>
/// <param name="GroupId">The group id, shared by every member (unique per network namespace).</param>
/// <param name="Mode">How packets are spread: by flow hash, round robin, CPU, rollover, ...</param>
/// <param name="Flags">Rollover, defrag, ...; <see cref="FanoutFlags.Uniqueid"/> needs a <paramref name="GroupId"/> of 0.</param>
public readonly record struct PacketFanout(ushort GroupId, FanoutMode Mode, FanoutFlags Flags = 0)
{
    /// <summary>The int PACKET_FANOUT takes: the id in the low 16 bits, mode and flags in the high 16.</summary>
    public uint OptionValue => GroupId | ((uint)(ushort)((int)Mode | (int)Flags) << 16);
}
