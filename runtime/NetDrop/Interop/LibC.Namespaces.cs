using System.Runtime.InteropServices;

namespace NetDrop.Interop;

/// <summary>The calls behind <see cref="NetDrop.Kernel.NetworkNamespaceEntry"/>: setns(2) and gettid(2).</summary>
internal static partial class LibC
{
    public const int CLONE_NEWNET = 0x40000000;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int type);

    [LibraryImport("libc", EntryPoint = "gettid")]
    public static partial int GetTid();
}
