using System.Runtime.InteropServices;

namespace NetDrop.Interop;

/// <summary>uname(2), which the managed runtime reports only as a parsed version number.</summary>
internal static unsafe partial class LibC
{
    /// <summary>Length of each struct utsname field on Linux (_UTSNAME_LENGTH), terminator included.</summary>
    public const int UtsNameFieldLength = 65;

    /// <summary>struct utsname: sysname, nodename, release, version, machine, domainname, each NUL-terminated.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct UtsName
    {
        public fixed byte sysname[UtsNameFieldLength];
        public fixed byte nodename[UtsNameFieldLength];
        public fixed byte release[UtsNameFieldLength];
        public fixed byte version[UtsNameFieldLength];
        public fixed byte machine[UtsNameFieldLength];
        public fixed byte domainname[UtsNameFieldLength];
    }

    [LibraryImport("libc", EntryPoint = "uname", SetLastError = true)]
    public static partial int Uname(UtsName* name);
}
