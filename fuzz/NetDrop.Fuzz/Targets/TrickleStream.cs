using System;
using System.IO;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// A read-only stream that cannot seek and returns at most a few bytes per read, like a pipe: the
/// capture reader must give the same frames and the same error from it as from a file.
/// </summary>
internal sealed class TrickleStream : Stream
{
    private const int MaxRead = 7;

    private readonly byte[] _data;
    private int _position;

    public TrickleStream(byte[] data) => _data = data;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, MaxRead), _data.Length - _position);
        Array.Copy(_data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
