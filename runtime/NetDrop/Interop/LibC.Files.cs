using System.Runtime.InteropServices;

namespace NetDrop.Interop;

/// <summary>
/// The calls behind <see cref="NetDrop.Files.SafeFile"/>: open(2) with the flags .NET does not expose
/// (O_NOFOLLOW, O_NONBLOCK), statx of an open file or of a path without following a link, fchmod and
/// ftruncate on the descriptor, and the per-thread capability calls.
/// </summary>
internal static unsafe partial class LibC
{
    public const int O_WRONLY = 0x1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;

    /// <summary>O_NOFOLLOW: 0x20000 on x86-64, 0x8000 on arm64 (asm/fcntl.h differs there).</summary>
    public static readonly int O_NOFOLLOW = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_EACCESS = 0x200;
    public const int AT_EMPTY_PATH = 0x1000;

    public const int W_OK = 2;
    public const int X_OK = 1;

    public const int S_IFMT = 0xF000;
    public const int S_IFREG = 0x8000;
    public const int S_IFDIR = 0x4000;
    public const int S_IFLNK = 0xA000;
    public const int S_IFIFO = 0x1000;
    public const int S_IFCHR = 0x2000;
    public const int S_IFBLK = 0x6000;
    public const int S_IFSOCK = 0xC000;

    public const int CAP_CHOWN = 0;
    public const int CAP_DAC_OVERRIDE = 1;
    public const int CAP_DAC_READ_SEARCH = 2;
    public const int CAP_FOWNER = 3;

    /// <summary>_LINUX_CAPABILITY_VERSION_3: two 32-bit words per set.</summary>
    public const uint LinuxCapabilityVersion3 = 0x20080522;

    private const uint STATX_BASIC_STATS = 0x7FF;

    // struct statx is 256 bytes, the same on every architecture (struct stat is not).
    private const int StatxSize = 256;

    /// <summary>What NetDrop needs of a file's struct statx: its type and permission bits, owner and link count.</summary>
    public readonly record struct FileStatus(int Mode, uint Uid, uint Links)
    {
        public int Type => Mode & S_IFMT;

        public int Permissions => Mode & 0x1FF;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int FChmod(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int FTruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    [LibraryImport("libc", EntryPoint = "faccessat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FAccessAt(int directoryFd, string path, int mode, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUid();

    public const int PR_CAP_AMBIENT = 47;
    public const nuint PR_CAP_AMBIENT_IS_SET = 1;
    public const nuint PR_CAP_AMBIENT_RAISE = 2;
    public const nuint PR_CAP_AMBIENT_CLEAR_ALL = 4;

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    public static partial int CapGet(CapHeader* header, CapData* data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    public static partial int CapSet(CapHeader* header, CapData* data);

    /// <summary>statx of an open descriptor; errno on failure.</summary>
    public static Errno StatusOf(int fd, out FileStatus status) => Status(fd, "", AT_EMPTY_PATH, out status);

    /// <summary>statx of a path, following links; errno on failure.</summary>
    public static Errno StatusOfPath(string path, out FileStatus status) => Status(AT_FDCWD, path, 0, out status);

    /// <summary>statx of a path, of the link itself when the last component is one; errno on failure.</summary>
    public static Errno StatusOfLink(string path, out FileStatus status) => Status(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, out status);

    private static Errno Status(int directoryFd, string path, int flags, out FileStatus status)
    {
        byte* buffer = stackalloc byte[StatxSize];
        if (Statx(directoryFd, path, flags, STATX_BASIC_STATS, buffer) != 0)
        {
            status = default;
            return LastError;
        }

        // stx_nlink (u32) at 16, stx_uid (u32) at 20, stx_mode (u16) at 28.
        status = new FileStatus(*(ushort*)(buffer + 28), *(uint*)(buffer + 20), *(uint*)(buffer + 16));
        return Errno.None;
    }
}
