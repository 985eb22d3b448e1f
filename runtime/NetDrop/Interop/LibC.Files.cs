using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NetDrop.Interop;

// statx, because its layout is the same on every architecture (struct stat is not).
internal static unsafe partial class LibC
{
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_TYPE = 0x1;
    private const int S_IFMT = 0xF000;
    private const int S_IFREG = 0x8000;

    // struct statx is 256 bytes; stx_mode (u16) is at offset 28.
    private const int StatxSize = 256;
    private const int StatxModeOffset = 28;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>Whether the open file is a regular file (not a device, pipe or socket); false when it cannot be told.</summary>
    public static bool IsRegularFile(SafeFileHandle handle)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            byte* buffer = stackalloc byte[StatxSize];
            if (Statx((int)handle.DangerousGetHandle(), "", AT_EMPTY_PATH, STATX_TYPE, buffer) != 0)
            {
                return false;
            }

            ushort mode = *(ushort*)(buffer + StatxModeOffset);
            return (mode & S_IFMT) == S_IFREG;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
