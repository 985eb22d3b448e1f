using System;
using System.Runtime.InteropServices;

namespace NetDrop.Interop;

/// <summary>
/// The five libpcap functions NetDrop uses to compile tcpdump's filter language, loaded when first
/// needed (libpcap.so.0.8, Debian's name, or libpcap.so.1), so NetDrop runs without libpcap and only
/// a capture filter asks for it. Calls are serialised: bpf_image writes into one static buffer.
/// </summary>
internal static unsafe class LibPcap
{
    /// <summary>What is missing, with the package that brings it, for a machine without libpcap.</summary>
    public const string MissingHint =
        "capture filters are compiled by libpcap, which is not installed: apt-get install libpcap0.8 (libpcap0.8t64 on Debian 13 and later; libpcap on Fedora)";

    /// <summary>PCAP_NETMASK_UNKNOWN: 'ip broadcast' is then an error instead of a guess.</summary>
    public const uint NetmaskUnknown = 0xffffffff;

    private static readonly object s_lock = new();
    private static readonly Lazy<Functions?> s_functions = new(Load);

    /// <summary>The functions, or null when libpcap cannot be loaded here.</summary>
    public static Functions? Loaded => s_functions.Value;

    /// <summary>Runs <paramref name="body"/> with the functions, one caller at a time.</summary>
    public static T Call<T>(Func<Functions, T> body)
    {
        Functions functions = Loaded ?? throw new InvalidOperationException(MissingHint);
        lock (s_lock)
        {
            return body(functions);
        }
    }

    private static Functions? Load()
    {
        foreach (string name in new[] { "libpcap.so.0.8", "libpcap.so.1", "libpcap.so" })
        {
            if (!NativeLibrary.TryLoad(name, out nint library))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(library, "pcap_open_dead", out nint openDead)
                && NativeLibrary.TryGetExport(library, "pcap_compile", out nint compile)
                && NativeLibrary.TryGetExport(library, "pcap_freecode", out nint freeCode)
                && NativeLibrary.TryGetExport(library, "pcap_geterr", out nint getError)
                && NativeLibrary.TryGetExport(library, "pcap_close", out nint close)
                && NativeLibrary.TryGetExport(library, "bpf_image", out nint image))
            {
                return new Functions(
                    (delegate* unmanaged<int, int, nint>)openDead,
                    (delegate* unmanaged<nint, bpf_program*, byte*, int, uint, int>)compile,
                    (delegate* unmanaged<bpf_program*, void>)freeCode,
                    (delegate* unmanaged<nint, byte*>)getError,
                    (delegate* unmanaged<nint, void>)close,
                    (delegate* unmanaged<void*, int, byte*>)image);
            }

            NativeLibrary.Free(library);
        }

        return null;
    }

    /// <summary>struct bpf_program: the instruction count and libpcap's array of struct bpf_insn (8 bytes each, as sock_filter).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct bpf_program
    {
        public uint bf_len;
        public void* bf_insns;
    }

    internal sealed class Functions(
        delegate* unmanaged<int, int, nint> openDead,
        delegate* unmanaged<nint, bpf_program*, byte*, int, uint, int> compile,
        delegate* unmanaged<bpf_program*, void> freeCode,
        delegate* unmanaged<nint, byte*> getError,
        delegate* unmanaged<nint, void> close,
        delegate* unmanaged<void*, int, byte*> image)
    {
        /// <summary>pcap_open_dead(linktype, snaplen): a handle that only compiles, for a DLT_* link type.</summary>
        public nint OpenDead(int dataLinkType, int snapLength) => openDead(dataLinkType, snapLength);

        public int Compile(nint pcap, bpf_program* program, byte* expression, bool optimize, uint netmask) =>
            compile(pcap, program, expression, optimize ? 1 : 0, netmask);

        public void FreeCode(bpf_program* program) => freeCode(program);

        public string Error(nint pcap) => Marshal.PtrToStringUTF8((nint)getError(pcap)) ?? string.Empty;

        public void Close(nint pcap) => close(pcap);

        /// <summary>bpf_image: one instruction as tcpdump -d prints it.</summary>
        public string Image(void* instruction, int number) => Marshal.PtrToStringUTF8((nint)image(instruction, number)) ?? string.Empty;
    }
}
