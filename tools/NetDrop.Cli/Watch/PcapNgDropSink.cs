using System;
using NetDrop.CaptureFiles;

namespace NetDrop.Cli.Watch;

/// <summary>
/// --write FILE: every drop that passed the filter into a pcapng file, its reason and kernel function in
/// the packet's comment. Flushed after each batch, so the file is valid up to the last batch even if the
/// process is killed; closed with a statistics block per interface that records the source's loss.
/// </summary>
internal sealed class PcapNgDropSink : IDropSink
{
    private readonly DropCaptureWriter _writer;

    public PcapNgDropSink(DropCaptureWriter writer, string path)
    {
        _writer = writer;
        Path = path;
    }

    public string Path { get; }

    public long Written => _writer.DropsWritten;

    public void Write(in WatchedDrop drop) => _writer.Write(drop.Event);

    public void Flush() => _writer.Flush();

    /// <summary>Records the source's loss in the file and closes it.</summary>
    public void Close(DropLoss? loss)
    {
        try
        {
            if (loss is not null)
            {
                _writer.RecordLoss(loss.Value.Lost, loss.Value.Detail);
            }
        }
        finally
        {
            _writer.Dispose();
        }
    }
}
