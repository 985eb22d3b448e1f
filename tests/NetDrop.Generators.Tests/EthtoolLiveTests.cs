using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Generators.Tests;

/// <summary>
/// The code generated from the kernel's ethtool.yaml, over GenericNetlinkConnection, against a veth
/// of a namespace of the test's own: FEATURES_GET says what 'ethtool -k' says of every feature it
/// names by its kernel name (on or off, fixed, requested), and LINKINFO_GET and LINKMODES_GET what
/// 'ethtool' says of the port, PHY address, transceiver, MDI-X, speed, duplex and autonegotiation.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class EthtoolLiveTests
{
    private const string Probe = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using NetDrop.Netlink;
        using NetDrop.Netlink.Generic;
        using Test.Ethtool;

        namespace App;

        internal static class Probe
        {
            public static string Get(string netns, string device, string what)
            {
                string result = string.Empty;
                InNamespace.Run(netns, () =>
                {
                    using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();
                    ushort family = connection.ResolveFamily(EthtoolFamily.Name).Id;
                    Span<byte> buffer = connection.BeginRequest(out uint sequence);
                    var writer = new NetlinkWriter(buffer);
                    int message = what switch
                    {
                        "features" => EthtoolRequests.BeginFeaturesGet(ref writer, family, sequence),
                        "linkinfo" => EthtoolRequests.BeginLinkinfoGet(ref writer, family, sequence),
                        _ => EthtoolRequests.BeginLinkmodesGet(ref writer, family, sequence),
                    };

                    // Every ethtool request's header is attribute 1 of its set, ETHTOOL_A_*_HEADER.
                    int header = EthtoolFeaturesAttributeWriter.BeginHeader(ref writer);
                    EthtoolHeaderAttributeWriter.PutDevName(ref writer, device);
                    writer.EndNested(header);
                    var reader = new Reader(what);
                    connection.Execute(writer.EndMessage(message), "ETHTOOL_MSG_" + what.ToUpperInvariant() + "_GET", ref reader);
                    result = reader.Result.Count == 1 ? reader.Result[0] : "replies: " + reader.Result.Count;
                });
                return result;
            }

            private readonly struct Reader : INetlinkReplyHandler
            {
                private readonly string _what;

                public Reader(string what)
                {
                    _what = what;
                    Result = new List<string>();
                }

                public List<string> Result { get; }

                public void OnReply(in NetlinkMessage message, GenericNetlinkHeader header, ReadOnlySpan<byte> attributes)
                {
                    // ethtool's replies carry their request's command number (ETHTOOL_MSG_FEATURES_GET_REPLY is 11 too).
                    const int Offset = NetlinkMessageHeader.Size + 4;
                    if (_what == "features" && header.Command == (byte)EthtoolCommand.FeaturesGet)
                    {
                        EthtoolFeaturesAttributes features = EthtoolFeaturesAttributes.Parse(attributes, Offset);
                        var known = new HashSet<string>(StringComparer.Ordinal);
                        HashSet<string> hw = Names(features.Hw, known), wanted = Names(features.Wanted, known), active = Names(features.Active, known), nochange = Names(features.Nochange, known);
                        var lines = new List<string>();
                        foreach (string name in known.OrderBy(n => n, StringComparer.Ordinal))
                        {
                            // As ethtool -k words it: fixed when the device cannot change it, else requested when asked for otherwise.
                            string suffix = !hw.Contains(name) || nochange.Contains(name) ? " [fixed]"
                                : active.Contains(name) != wanted.Contains(name) ? (wanted.Contains(name) ? " [requested on]" : " [requested off]")
                                : string.Empty;
                            lines.Add($"{name}: {(active.Contains(name) ? "on" : "off")}{suffix}");
                        }

                        Result.Add(string.Join("\n", lines));
                    }
                    else if (_what == "linkinfo" && header.Command == (byte)EthtoolCommand.LinkinfoGet)
                    {
                        EthtoolLinkinfoAttributes info = EthtoolLinkinfoAttributes.Parse(attributes, Offset);
                        Result.Add($"{info.Port}|{info.Phyaddr}|{info.Transceiver}|{info.TpMdix}");
                    }
                    else if (_what == "linkmodes" && header.Command == (byte)EthtoolCommand.LinkmodesGet)
                    {
                        EthtoolLinkmodesAttributes modes = EthtoolLinkmodesAttributes.Parse(attributes, Offset);
                        Result.Add($"{modes.Speed}|{modes.Duplex}|{modes.Autoneg}");
                    }
                }

                /// <summary>
                /// The names of the bits a bitset has set: every bit listed when it is a list (ETHTOOL_A_BITSET_NOMASK), else
                /// the listed bits with ETHTOOL_A_BITSET_BIT_VALUE (hw comes with the mask of every feature the kernel knows).
                /// </summary>
                private static HashSet<string> Names(EthtoolBitsetAttributes bitset, HashSet<string> known)
                {
                    if (bitset.Error.IsError)
                    {
                        throw new InvalidOperationException("a features bitset does not parse: " + bitset.Error);
                    }

                    var names = new HashSet<string>(StringComparer.Ordinal);
                    foreach (EthtoolBitsetBitAttributes bit in bitset.Bits.Bit)
                    {
                        string name = bit.GetName()!;
                        known.Add(name);
                        if (bitset.Nomask || bit.Value)
                        {
                            names.Add(name);
                        }
                    }

                    return names;
                }
            }
        }
        """;

    [LiveKernelFact("ethtool")]
    public void Features_link_info_and_link_modes_say_what_ethtool_says()
    {
        string netns = "ndyle" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            Command.Run("ip", "netns", "add", netns);
            Command.Run("ip", "-n", netns, "link", "add", "ndyl0", "type", "veth", "peer", "name", "ndyl1");
            // Turned from their defaults, so the dump holds features both on and off, fixed and not.
            Command.Run("ip", "netns", "exec", netns, "ethtool", "-K", "ndyl0", "tso", "off", "tx-nocache-copy", "on");

            string[] features = Invoke(netns, "features").Split('\n');
            Dictionary<string, string> ethtool = Command.Run("ip", "netns", "exec", netns, "ethtool", "-k", "ndyl0")
                .Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Contains(": ", StringComparison.Ordinal))
                .ToDictionary(l => l.Substring(0, l.IndexOf(": ", StringComparison.Ordinal)), l => l);

            // ethtool -k prints some features under legacy names (rx-checksumming for rx-checksum); the rest by their kernel names.
            string[] compared = features.Where(f => ethtool.ContainsKey(f.Substring(0, f.IndexOf(": ", StringComparison.Ordinal)))).ToArray();
            Assert.True(compared.Length >= 40, "too few features to compare:\n" + string.Join("\n", features));
            Assert.Equal(compared.Select(f => ethtool[f.Substring(0, f.IndexOf(": ", StringComparison.Ordinal))]), compared);
            Assert.Contains("tx-tcp-segmentation: off", features);
            Assert.Contains("tx-nocache-copy: on", features);
            Assert.Contains(features, f => f.EndsWith(" [fixed]", StringComparison.Ordinal));

            Dictionary<string, string> settings = Command.Run("ip", "netns", "exec", netns, "ethtool", "ndyl0")
                .Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": ", StringComparison.Ordinal))
                .ToDictionary(l => l.Substring(0, l.IndexOf(": ", StringComparison.Ordinal)), l => l.Substring(l.IndexOf(": ", StringComparison.Ordinal) + 2).Trim());
            string ports = settings["Port"] switch { "Twisted Pair" => "0", "AUI" => "1", "BNC" => "2", "MII" => "3", "FIBRE" => "4", "Direct Attach Copper" => "5", "None" => "239", "Other" => "255", string other => other };
            string transceiver = settings["Transceiver"] switch { "internal" => "0", "external" => "1", string other => other };
            string mdix = settings.TryGetValue("MDI-X", out string? value) ? value switch { "Unknown" => "0", "off" => "1", "on" => "2", string other => other } : string.Empty;
            Assert.Equal($"{ports}|{settings["PHYAD"]}|{transceiver}|{mdix}", Invoke(netns, "linkinfo"));

            string speed = settings["Speed"] == "Unknown!" ? uint.MaxValue.ToString(CultureInfo.InvariantCulture) : settings["Speed"].Replace("Mb/s", string.Empty, StringComparison.Ordinal);
            string duplex = settings["Duplex"] switch { "Half" => "0", "Full" => "1", _ => "255" };
            string autoneg = settings["Auto-negotiation"] == "on" ? "1" : "0";
            Assert.Equal($"{speed}|{duplex}|{autoneg}", Invoke(netns, "linkmodes"));
        }
        finally
        {
            Command.TryRun("ip", "netns", "del", netns);
        }
    }

    private static string Invoke(string netns, string what) => LiveProbe.Invoke(new[] { "ethtool.yaml" }, Probe, "Get", netns, "ndyl0", what);
}
