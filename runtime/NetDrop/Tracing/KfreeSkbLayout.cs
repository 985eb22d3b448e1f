using System;

namespace NetDrop.Tracing;

/// <summary>
/// Where the skb:kfree_skb fields are in a record, from the running kernel's format file. rx_sk came
/// in Linux 6.8 and reason in 5.17; a kernel without them gives -1 offsets and the record says so.
/// </summary>
public sealed record KfreeSkbLayout(int EventId, int PidOffset, int SkbAddressOffset, int LocationOffset, int RxSocketOffset, int ProtocolOffset, int ReasonOffset)
{
    /// <summary>The smallest record that holds every field the layout reads.</summary>
    public int MinimumLength { get; } = 1 + Math.Max(Math.Max(SkbAddressOffset + 7, LocationOffset + 7), Math.Max(Math.Max(RxSocketOffset + 7, ProtocolOffset + 1), Math.Max(ReasonOffset + 3, PidOffset + 3)));

    public static KfreeSkbLayout From(TraceEventFormat format)
    {
        return new KfreeSkbLayout(
            format.Id,
            Offset(format, "common_pid", 4, required: true),
            Offset(format, "skbaddr", 8, required: true),
            Offset(format, "location", 8, required: true),
            Offset(format, "rx_sk", 8, required: false),
            Offset(format, "protocol", 2, required: true),
            Offset(format, "reason", 4, required: false));
    }

    private static int Offset(TraceEventFormat format, string name, int size, bool required)
    {
        TraceEventField? field = format.Field(name);
        if (field is null)
        {
            return required
                ? throw new FormatException($"the {format.Name} format has no '{name}' field; NetDrop cannot read this kernel's records")
                : -1;
        }

        if (field.Size != size)
        {
            throw new FormatException($"the {format.Name} field '{name}' is {field.Size} bytes; NetDrop reads {size} (a 64-bit kernel)");
        }

        return field.Offset;
    }
}
