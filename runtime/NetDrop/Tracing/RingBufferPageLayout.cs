using System;
using System.Globalization;

namespace NetDrop.Tracing;

/// <summary>
/// Where the page header's fields are in a ring-buffer page read from trace_pipe_raw, from
/// events/header_page: the page's timestamp, its commit word (data length and missed-events flags),
/// and the data.
/// </summary>
public sealed record RingBufferPageLayout(int TimestampOffset, int CommitOffset, int CommitSize, int DataOffset, int DataSize)
{
    /// <summary>
    /// The largest page accepted: the kernel's sub-buffers are at most order 10 (4 MiB with 4 KiB pages),
    /// so a header_page describing more is damaged, and the source must not allocate what it says.
    /// </summary>
    public const int MaxPageSize = 64 * 1024 * 1024;

    /// <summary>The page size a read of trace_pipe_raw returns.</summary>
    public int PageSize => DataOffset + DataSize;

    /// <summary>Parses events/header_page.</summary>
    public static RingBufferPageLayout Parse(string text)
    {
        TraceEventField? timestamp = null;
        TraceEventField? commit = null;
        TraceEventField? data = null;
        string[] lines = text.Split('\n');
        for (int number = 0; number < lines.Length; number++)
        {
            string line = lines[number].Trim();
            if (!line.StartsWith("field:", StringComparison.Ordinal))
            {
                continue;
            }

            TraceEventField field = TraceEventFormat.ParseField(line, number + 1);
            switch (field.Name)
            {
                case "timestamp": timestamp = field; break;
                case "commit": commit = field; break;
                case "data": data = field; break;
            }
        }

        if (timestamp is null || commit is null || data is null)
        {
            throw new FormatException("events/header_page lacks a timestamp, commit or data field");
        }

        if (commit.Size is not (4 or 8) || timestamp.Size != 8)
        {
            throw new FormatException($"events/header_page has a {commit.Size}-byte commit or {timestamp.Size}-byte timestamp; NetDrop reads 4- or 8-byte commits and 8-byte timestamps");
        }

        // The source reads the header from every page and allocates a page of this size: a field outside
        // the header, or data past the largest page, is damage rather than a reason to read or allocate.
        if (data.Size <= 0 || (long)data.Offset + data.Size > MaxPageSize)
        {
            throw new FormatException(string.Format(CultureInfo.InvariantCulture,
                "events/header_page puts {0} bytes of data at offset {1}; a ring-buffer page holds 1 to {2} bytes", data.Size, data.Offset, MaxPageSize));
        }

        CheckInHeader(timestamp, data.Offset);
        CheckInHeader(commit, data.Offset);
        return new RingBufferPageLayout(timestamp.Offset, commit.Offset, commit.Size, data.Offset, data.Size);
    }

    private static void CheckInHeader(TraceEventField field, int dataOffset)
    {
        if ((long)field.Offset + field.Size > dataOffset)
        {
            throw new FormatException(string.Format(CultureInfo.InvariantCulture,
                "events/header_page puts the {0}-byte {1} at offset {2}, past the page header that ends at the data (offset {3})", field.Size, field.Name, field.Offset, dataOffset));
        }
    }
}
