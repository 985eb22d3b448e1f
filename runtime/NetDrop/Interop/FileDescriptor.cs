using System;
using System.Runtime.InteropServices;

namespace NetDrop.Interop;

/// <summary>A file descriptor opened with open(2), closed exactly once.</summary>
internal sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd)
        : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Value => (int)handle.ToInt64();

    /// <summary>Opens <paramref name="path"/> read-only and non-blocking; errno in the exception.</summary>
    public static FileDescriptor OpenNonBlocking(string path)
    {
        int fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            Errno errno = LibC.LastError;
            throw new System.IO.IOException($"cannot open {path}: {errno.Name()} ({errno.Description()})", (int)errno);
        }

        return new FileDescriptor(fd);
    }

    protected override bool ReleaseHandle() => LibC.Close(Value) == 0;
}
