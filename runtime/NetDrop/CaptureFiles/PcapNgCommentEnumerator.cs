using System;

namespace NetDrop.CaptureFiles;

/// <summary>
/// The opt_comment options of one packet block, as UTF-8 spans into the reader's buffer, found without
/// allocating: <c>foreach (ReadOnlySpan&lt;byte&gt; comment in record.Comments)</c>.
/// </summary>
public ref struct PcapNgCommentEnumerator
{
    private const ushort OptComment = 1;

    private PcapNgOptionReader _options;

    internal PcapNgCommentEnumerator(ReadOnlySpan<byte> options, bool bigEndian)
    {
        _options = new PcapNgOptionReader(options, bigEndian);
        Current = default;
    }

    public ReadOnlySpan<byte> Current { get; private set; }

    public readonly PcapNgCommentEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_options.TryReadNext(out ushort code, out ReadOnlySpan<byte> value))
        {
            if (code == OptComment)
            {
                Current = value;
                return true;
            }
        }

        return false;
    }
}
