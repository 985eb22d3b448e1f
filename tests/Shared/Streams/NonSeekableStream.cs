using System;
using System.IO;

namespace NetDrop.Testing;

/// <summary>
/// A read-only stream over bytes that hands out at most a few bytes per read and cannot seek, like a
/// pipe: readers must give the same frames and the same errors from it as from a file. Shared by the
/// tests and the fuzz harness (linked into both).
/// </summary>
internal sealed class NonSeekableStream : Stream
{
    private readonly byte[] _bytes;
    private readonly int _maxRead;
    private int _position;

    public NonSeekableStream(byte[] bytes, int maxRead = 7)
    {
        _bytes = bytes;
        _maxRead = maxRead;
    }

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
        int n = Math.Min(Math.Min(count, _maxRead), _bytes.Length - _position);
        Array.Copy(_bytes, _position, buffer, offset, n);
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
