using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace NetDrop.Cli.Output;

/// <summary>
/// Standard output as a stream that says when its reader is gone. .NET's own console stream swallows
/// EPIPE, so 'netdrop watch --json | head -2' would write into nothing until killed; this one writes to
/// descriptor 1 directly and turns a failed write into <see cref="OutputClosedException"/>, which ends
/// the run the way Ctrl-C does (totals on standard error). SIGPIPE is ignored by the .NET runtime, so the
/// failed write is all that happens.
/// </summary>
internal sealed partial class StandardOutput : Stream
{
    private const int BrokenPipe = 32;

    /// <summary>poll(2)'s "error condition": on a pipe's write end, the read end is closed.</summary>
    private const short PollError = 0x0008;

    private readonly FileStream _inner = new(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Standard output, or the console's own stream where descriptor 1 is not open for writing.</summary>
    public static Stream Open()
    {
        try
        {
            return new StandardOutput();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Console.OpenStandardOutput();
        }
    }

    /// <summary>
    /// Whether the reader of a pipe on standard output is gone, without writing: so 'watch --json | head -2'
    /// ends when head does, not at the next drop, which on a quiet machine may be long in coming.
    /// </summary>
    public static unsafe bool ReaderGone()
    {
        PollFd descriptor = new() { Descriptor = 1, Events = 0 };
        return Poll(&descriptor, 1, 0) > 0 && (descriptor.Returned & PollError) != 0;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            _inner.Write(buffer);
        }
        catch (IOException e)
        {
            throw new OutputClosedException(e, e.HResult == BrokenPipe);
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "poll")]
    private static unsafe partial int Poll(PollFd* descriptors, nuint count, int timeoutMilliseconds);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private struct PollFd
    {
        public int Descriptor;
        public short Events;
        public short Returned;
    }
}
