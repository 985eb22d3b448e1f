using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// A fifo for perf record --control. The harness holds it open read-write, so neither side's open
/// blocks on the other and a perf that died cannot hang the harness: reads wait with poll and a deadline.
/// </summary>
internal sealed class ControlFifo : IDisposable
{
    private readonly int _fd;

    private ControlFifo(string path, int fd)
    {
        Path = path;
        _fd = fd;
    }

    public string Path { get; }

    public static ControlFifo Create(string path)
    {
        File.Delete(path);
        if (NativeMethods.MakeFifo(path, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new HarnessException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        int fd = NativeMethods.Open(path, NativeMethods.O_RDWR | NativeMethods.O_NONBLOCK | NativeMethods.O_CLOEXEC);
        return fd >= 0 ? new ControlFifo(path, fd) : throw new HarnessException($"opening {path} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public void WriteLine(string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text + "\n");
        if (NativeMethods.Write(_fd, bytes, bytes.Length) != bytes.Length)
        {
            throw new HarnessException($"writing to {Path} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>What the other side wrote, waiting up to <paramref name="deadline"/> for it; null if nothing came.</summary>
    public string? Read(TimeSpan deadline)
    {
        var poll = new NativeMethods.PollFd { Fd = _fd, Events = NativeMethods.POLLIN };
        if (NativeMethods.Poll(ref poll, 1, (int)deadline.TotalMilliseconds) <= 0)
        {
            return null;
        }

        byte[] buffer = new byte[256];
        nint read = NativeMethods.Read(_fd, buffer, buffer.Length);
        return read > 0 ? Encoding.ASCII.GetString(buffer, 0, (int)read) : null;
    }

    public void Dispose()
    {
        NativeMethods.Close(_fd);
        File.Delete(Path);
    }
}
