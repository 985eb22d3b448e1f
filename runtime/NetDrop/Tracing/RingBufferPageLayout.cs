using System;

namespace NetDrop.Tracing;

/// <summary>
/// Where the page header's fields are in a ring-buffer page read from trace_pipe_raw, from
/// events/header_page: the page's timestamp, its commit word (data length and missed-events flags),
/// and the data.
/// </summary>
public sealed record RingBufferPageLayout(int TimestampOffset, int CommitOffset, int CommitSize, int DataOffset, int DataSize)
{
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

        return new RingBufferPageLayout(timestamp.Offset, commit.Offset, commit.Size, data.Offset, data.Size);
    }
}
