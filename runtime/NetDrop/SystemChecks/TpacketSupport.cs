using System.Collections.Generic;
using NetDrop.Interop;
using NetDrop.Packet;

namespace NetDrop.SystemChecks;

/// <summary>The TPACKET ring versions this kernel accepts, tried on a <see cref="PacketSocket"/> that is never bound, so it receives nothing.</summary>
/// <param name="Versions">One check per version, V1 to V3; empty when no socket could be opened.</param>
/// <param name="Problem">Why no AF_PACKET socket could be opened; null when one was.</param>
/// <param name="Errno">The errno of <paramref name="Problem"/>.</param>
public sealed record TpacketSupport(IReadOnlyList<TpacketVersionCheck> Versions, string? Problem = null, Errno? Errno = null)
{
    public static TpacketSupport Probe()
    {
        PacketSocket socket;
        try
        {
            socket = PacketSocket.Open();
        }
        catch (PacketSocketException e)
        {
            return new TpacketSupport([], e.Message, e.Errno);
        }

        using (socket)
        {
            var checks = new List<TpacketVersionCheck>();
            foreach (TpacketVersions version in (TpacketVersions[])[TpacketVersions.V1, TpacketVersions.V2, TpacketVersions.V3])
            {
                checks.Add(Check(socket, version));
            }

            return new TpacketSupport(checks);
        }
    }

    public Finding Assess()
    {
        const string Topic = "TPACKET";
        if (Problem is not null)
        {
            return Errno switch
            {
                Interop.Errno.EPERM => Finding.Warning(Topic, "not checked: " + Problem, "run as root (CAP_NET_RAW) to open AF_PACKET sockets"),
                Interop.Errno.EAFNOSUPPORT => Finding.Missing(Topic, "no AF_PACKET sockets: " + Problem, "use a kernel built with CONFIG_PACKET"),
                _ => Finding.Missing(Topic, "no AF_PACKET socket: " + Problem, "check that AF_PACKET sockets are allowed here (a seccomp or LSM policy may refuse them)"),
            };
        }

        var usable = new List<string>();
        foreach (TpacketVersionCheck check in Versions)
        {
            if (check.Usable)
            {
                usable.Add(check.Version);
            }
        }

        string summary = usable.Count == 0 ? "no version accepted" : string.Join(", ", usable) + " usable";
        return usable.Contains("TPACKET_V3")
            ? Finding.Ok(Topic, summary)
            : usable.Count > 0
                ? Finding.Warning(Topic, summary, "use a kernel with TPACKET_V3 (Linux 3.2+), the ring version that hands over frames block by block")
                : Finding.Missing(Topic, summary, "use a kernel whose AF_PACKET supports PACKET_VERSION (Linux 2.6.27+)");
    }

    private static TpacketVersionCheck Check(PacketSocket socket, TpacketVersions version)
    {
        string name = "TPACKET_" + version;
        try
        {
            socket.SetVersion((int)version);
            socket.GetVersion(out int current);
            return current == (int)version
                ? new TpacketVersionCheck(name, true)
                : new TpacketVersionCheck(name, false, $"PACKET_VERSION read back as {current} after setting {(int)version}");
        }
        catch (PacketSocketException e)
        {
            return new TpacketVersionCheck(name, false, e.Message);
        }
    }
}
