using System.Runtime.InteropServices;

namespace NetDrop.Interop;

/// <summary>if_nametoindex(3): answered by the network namespace of the calling thread.</summary>
internal static partial class LibC
{
    [LibraryImport("libc", EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint IfNameToIndex(string name);
}
