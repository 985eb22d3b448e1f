using System;

namespace NetDrop.Tracing;

/// <summary>
/// Where the skb:kfree_skb fields are in a record, from the running kernel's format file. rx_sk came
/// in Linux 6.8 and reason in 5.17; a kernel without them gives -1 offsets and the record says so.
/// </summary>
public sealed record KfreeSkbLayout(int EventId, int PidOffset, int SkbAddressOffset, int LocationOffset, int RxSocketOffset, int ProtocolOffset, int ReasonOffset)
{
    /// <summary>
    /// The largest field offset accepted: a record lives inside one ring-buffer page's data, so a field
    /// further out is a damaged format file.
    /// </summary>
    public const int MaxFieldOffset = RingBufferPageLayout.MaxPageSize;

    /// <summary>
    /// The smallest record that holds every field the layout reads. Computed on each use, so a copy made
    /// with <c>with</c> gets its own; offsets too large for any record give int.MaxValue, which no record reaches.
    /// </summary>
    public int MinimumLength => (int)Math.Min(int.MaxValue,
        Math.Max(
            Math.Max(Math.Max(End(SkbAddressOffset, 8), End(LocationOffset, 8)), Math.Max(End(RxSocketOffset, 8), End(ProtocolOffset, 2))),
            Math.Max(End(ReasonOffset, 4), End(PidOffset, 4))));

    // -1 marks a field this kernel does not have; it needs no room.
    private static long End(int offset, int size) => offset < 0 ? 0 : (long)offset + size;

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

        if (field.Offset > MaxFieldOffset)
        {
            throw new FormatException($"the {format.Name} field '{name}' is at offset {field.Offset}, beyond any record a ring-buffer page can hold");
        }

        return field.Offset;
    }
}
