using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>
/// Which drop source provides which field: the one table behind the warning (or, with --strict, the
/// error) for a --filter that tests a field the chosen source leaves empty, or a --write that would save
/// no packet bytes. A new field is one line here (a test fails until it has one).
/// </summary>
internal static class FieldSources
{
    private static readonly DropSource[] Every = [DropSource.NetDm, DropSource.Tracepoint, DropSource.Bpf];

    /// <summary>The packet's own bytes: NET_DM and the BPF program copy them; the tracepoint's record has none.</summary>
    private static readonly DropSource[] Payload = [DropSource.NetDm, DropSource.Bpf];

    /// <summary>Field name (FilterFields' names, and "payload" for the packet bytes --write saves) → the sources that provide it.</summary>
    private static readonly (string Field, DropSource[] Sources)[] Table =
    [
        ("reason", Every),
        ("subsystem", Every),
        ("symbol", Every),
        ("ethertype", Every),
        ("source", Every),
        ("iface", [DropSource.NetDm, DropSource.Bpf]),
        ("ifindex", [DropSource.NetDm, DropSource.Bpf]),
        ("proto", Payload),
        ("src", Payload),
        ("dst", Payload),
        ("sport", Payload),
        ("dport", Payload),
        ("vlan", Payload),
        ("hw", [DropSource.NetDm]),
        ("netns", [DropSource.Bpf]),
        ("pid", [DropSource.Bpf, DropSource.Tracepoint]),
        ("tid", [DropSource.Bpf, DropSource.Tracepoint]),
        ("comm", [DropSource.Bpf, DropSource.Tracepoint]),
        ("cpu", [DropSource.Bpf, DropSource.Tracepoint]),
        ("mark", [DropSource.Bpf]),
        ("len", [DropSource.Bpf]),
        ("lport", [DropSource.Bpf]),
        ("payload", Payload),
    ];

    /// <summary>Whether the table has a line for <paramref name="field"/> (a test holds every filter field to one).</summary>
    public static bool Lists(string field) => Table.Any(row => string.Equals(row.Field, field, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sources that provide <paramref name="field"/>.</summary>
    public static IReadOnlyList<DropSource> ProvidedBy(string field)
    {
        foreach ((string name, DropSource[] sources) in Table)
        {
            if (string.Equals(name, field, StringComparison.OrdinalIgnoreCase))
            {
                return sources;
            }
        }

        return Every;
    }

    /// <summary>The fields of <paramref name="fields"/> that <paramref name="source"/> does not provide, each with the sources that do.</summary>
    public static IReadOnlyList<(string Field, IReadOnlyList<DropSource> ProvidedBy)> Missing(IEnumerable<string> fields, DropSource source) =>
        fields.Select(f => (Field: f, ProvidedBy: ProvidedBy(f))).Where(f => !f.ProvidedBy.Contains(source)).ToList();

    /// <summary>"netdm", "tracepoint", "bpf": the names --source and JSON use.</summary>
    public static string Name(DropSource source) => source switch
    {
        DropSource.NetDm => "netdm",
        DropSource.Bpf => "bpf",
        _ => "tracepoint",
    };
}
