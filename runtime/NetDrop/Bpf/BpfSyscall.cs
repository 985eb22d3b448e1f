using System;
using System.Text;
using NetDrop.Interop;

namespace NetDrop.Bpf;

/// <summary>
/// The bpf(2) commands NetDrop uses, each filling a zeroed union bpf_attr (include/uapi/linux/bpf.h).
/// Every object comes back as a descriptor that closes exactly once; nothing is pinned, so everything
/// goes when the process does.
/// </summary>
internal static unsafe class BpfSyscall
{
    public const int BPF_MAP_CREATE = 0;
    public const int BPF_MAP_LOOKUP_ELEM = 1;
    public const int BPF_PROG_LOAD = 5;

    // Larger than any field NetDrop sets and than bpf_attr on 5.8; the kernel requires the bytes it does not know to be zero, and they are.
    private const int AttrSize = 128;

    /// <summary>BPF_OBJ_NAME_LEN: names are at most 15 bytes and a NUL.</summary>
    private const int NameLength = 16;

    /// <summary>The verifier log grows from this on ENOSPC up to <see cref="MaxLogSize"/>.</summary>
    private const int FirstLogSize = 1 << 16;
    private const int MaxLogSize = 1 << 24;

    public static FileDescriptor CreateMap(BpfMapType type, int keySize, int valueSize, int maxEntries, string name)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)attr = (uint)type;
        *(uint*)(attr + 4) = (uint)keySize;
        *(uint*)(attr + 8) = (uint)valueSize;
        *(uint*)(attr + 12) = (uint)maxEntries;
        WriteName(new Span<byte>(attr + 28, NameLength), name);
        int fd = LibC.Bpf(BPF_MAP_CREATE, attr, AttrSize);
        if (fd < 0)
        {
            Errno errno = LibC.LastError;
            throw Refused($"creating the {type} map {name} ({maxEntries} entries)", errno);
        }

        return new FileDescriptor(fd);
    }

    /// <summary>Copies the value under <paramref name="key"/> into <paramref name="value"/> (for a per-CPU map, one slot per possible CPU).</summary>
    public static void Lookup(FileDescriptor map, ReadOnlySpan<byte> key, Span<byte> value)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        bool added = false;
        try
        {
            map.DangerousAddRef(ref added);
            fixed (byte* keyBytes = key)
            fixed (byte* valueBytes = value)
            {
                *(uint*)attr = (uint)map.Value;
                *(ulong*)(attr + 8) = (ulong)keyBytes;
                *(ulong*)(attr + 16) = (ulong)valueBytes;
                if (LibC.Bpf(BPF_MAP_LOOKUP_ELEM, attr, AttrSize) < 0)
                {
                    Errno errno = LibC.LastError;
                    throw Refused("reading a map element", errno);
                }
            }
        }
        finally
        {
            if (added)
            {
                map.DangerousRelease();
            }
        }
    }

    /// <summary>Loads a program under the GPL licence (the probe-read helpers are GPL-only); a rejection carries the verifier's log.</summary>
    public static FileDescriptor LoadProgram(BpfProgramType type, byte[] instructions, string name)
    {
        // The first try asks for no log (a log slows the verifier down and a small buffer would fail a
        // good program with ENOSPC); a rejection is loaded again with the log on, to say why.
        int fd = LoadProgram(type, instructions, name, null, out Errno errno);
        if (fd >= 0)
        {
            return new FileDescriptor(fd);
        }

        if (errno is Errno.EPERM or Errno.EACCES && !IsVerifierDenial(type, instructions, name))
        {
            throw Refused($"loading the BPF program {name}", errno);
        }

        for (int size = FirstLogSize; size <= MaxLogSize; size *= 4)
        {
            byte[] log = new byte[size];
            fd = LoadProgram(type, instructions, name, log, out errno);
            if (fd >= 0)
            {
                // Loaded the second time (a passing condition, such as memory): keep it.
                return new FileDescriptor(fd);
            }

            if (errno == Errno.ENOSPC && size < MaxLogSize)
            {
                continue;
            }

            int length = Array.IndexOf(log, (byte)0);
            string text = Encoding.UTF8.GetString(log, 0, length < 0 ? log.Length : length);
            throw new BpfVerifierException(
                $"the kernel's verifier rejected the BPF program {name} ({errno.Name()}): {LastLine(text)} (the whole log is in BpfVerifierException.Log; docs/bpf.md reads one).",
                errno,
                text);
        }

        throw Refused($"loading the BPF program {name}", errno);
    }

    /// <summary>The exception for a refused call: EPERM explained by capabilities or lockdown, the rest by errno.</summary>
    public static BpfException Refused(string what, Errno errno)
    {
        string why = errno is Errno.EPERM or Errno.EACCES
            ? BpfPermissions.ExplainForThisProcess()
            : errno == Errno.ENOSYS
                ? "this kernel has no bpf(2) (CONFIG_BPF_SYSCALL is off); use the tracepoint source."
                : $"{errno.Description()}.";
        return new BpfException($"the kernel refused {what} ({errno.Name()}): {why}", errno);
    }

    // An unprivileged process is refused with EPERM before the verifier runs; a privileged one whose
    // program reads what it may not is refused by the verifier with EACCES (or EPERM) and a log.
    private static bool IsVerifierDenial(BpfProgramType type, byte[] instructions, string name)
    {
        byte[] log = new byte[FirstLogSize];
        int fd = LoadProgram(type, instructions, name, log, out _);
        if (fd >= 0)
        {
            LibC.Close(fd);
            return true;
        }

        return log[0] != 0;
    }

    private static int LoadProgram(BpfProgramType type, byte[] instructions, string name, byte[]? log, out Errno errno)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        byte* license = stackalloc byte[4];
        license[0] = (byte)'G';
        license[1] = (byte)'P';
        license[2] = (byte)'L';
        license[3] = 0;
        fixed (byte* code = instructions)
        fixed (byte* logBytes = log)
        {
            *(uint*)attr = (uint)type;
            *(uint*)(attr + 4) = (uint)(instructions.Length / Asm.Instruction.Size);
            *(ulong*)(attr + 8) = (ulong)code;
            *(ulong*)(attr + 16) = (ulong)license;
            if (log is not null)
            {
                *(uint*)(attr + 24) = 1;
                *(uint*)(attr + 28) = (uint)log.Length;
                *(ulong*)(attr + 32) = (ulong)logBytes;
            }

            *(uint*)(attr + 40) = KernelVersionCode();
            WriteName(new Span<byte>(attr + 48, NameLength), name);
            int fd = LibC.Bpf(BPF_PROG_LOAD, attr, AttrSize);
            errno = fd < 0 ? LibC.LastError : Errno.None;
            return fd;
        }
    }

    /// <summary>LINUX_VERSION_CODE of the running kernel; only kprobe programs on kernels before 5.0 check it.</summary>
    internal static uint KernelVersionCode()
    {
        Version version = Environment.OSVersion.Version;
        return (uint)((Math.Min(version.Major, 255) << 16) | (Math.Min(version.Minor, 255) << 8) | Math.Min(Math.Max(version.Build, 0), 255));
    }

    private static void WriteName(Span<byte> destination, string name)
    {
        // Names may hold letters, digits, '_' and '.'; longer ones are cut.
        int length = Math.Min(name.Length, NameLength - 1);
        for (int i = 0; i < length; i++)
        {
            char c = name[i];
            destination[i] = (byte)(char.IsAsciiLetterOrDigit(c) || c == '.' ? c : '_');
        }
    }

    private static string LastLine(string log)
    {
        string[] lines = log.TrimEnd().Split('\n');
        for (int i = lines.Length - 1; i >= 0; i--)
        {
            // The log ends with statistics ("processed 12 insns …"); the reason is the line before them.
            if (lines[i].Length > 0 && !lines[i].StartsWith("processed ", StringComparison.Ordinal) && !lines[i].StartsWith("verification time", StringComparison.Ordinal) && !lines[i].StartsWith("stack depth", StringComparison.Ordinal))
            {
                return lines[i].Trim();
            }
        }

        return "the kernel gave no log";
    }
}
