using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetDrop.CaptureFiles;
using NetDrop.Interop;

namespace NetDrop.Packet;

/// <summary>
/// A capture filter in tcpdump's language ("udp port 53", "host 10.0.0.1 and not tcp") compiled to
/// classic BPF by libpcap, the language's reference compiler, for frames of one link type; give
/// <see cref="KernelProgram"/> to <see cref="PacketCaptureOptions.Filter"/>. libpcap is loaded when
/// first needed and only for this; without it <see cref="Compile"/> throws with the package to install.
/// </summary>
public sealed class CaptureFilter
{
    /// <summary>The longest expression accepted; real ones are a few hundred characters.</summary>
    public const int MaxExpressionLength = 65536;

    /// <summary>The most instructions the kernel attaches (BPF_MAXINSNS).</summary>
    public const int MaxInstructions = 4096;

    private CaptureFilter(string expression, int linkType, byte[] program, byte[] kernelProgram)
    {
        Expression = expression;
        LinkType = linkType;
        Program = program;
        KernelProgram = kernelProgram;
    }

    public string Expression { get; }

    /// <summary>The LINKTYPE_* the program reads frames as.</summary>
    public int LinkType { get; }

    /// <summary>The program as libpcap compiled it (sock_filter bytes, host order): what tcpdump -d shows.</summary>
    public ReadOnlyMemory<byte> Program { get; }

    /// <summary>
    /// The program for the packet socket: <see cref="Program"/> itself, or for a cooked link type
    /// (LINKTYPE_LINUX_SLL, SLL2; a SOCK_DGRAM socket) with its loads moved off the header libpcap
    /// assumed, as libpcap itself does before attaching.
    /// </summary>
    public ReadOnlyMemory<byte> KernelProgram { get; }

    public int InstructionCount => Program.Length / sock_filter.Size;

    /// <summary>Whether libpcap can be loaded here, so <see cref="Compile"/> can work.</summary>
    public static bool CompilerAvailable => LibPcap.Loaded is not null;

    /// <summary>
    /// Compiles <paramref name="expression"/> (empty: every frame) for frames of <paramref name="linkType"/>
    /// (LINKTYPE_ETHERNET, RAW, LINUX_SLL or LINUX_SLL2) kept to <paramref name="snapLength"/> bytes.
    /// </summary>
    /// <exception cref="CaptureFilterException">libpcap's message for a bad expression; the package to install when libpcap is missing.</exception>
    public static unsafe CaptureFilter Compile(string expression, int linkType, int snapLength)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(snapLength);
        int dataLinkType = DataLinkType(linkType)
            ?? throw new ArgumentOutOfRangeException(nameof(linkType), linkType, "Capture filters are compiled for LINKTYPE_ETHERNET, RAW, LINUX_SLL or LINUX_SLL2 frames.");
        if (expression.Length > MaxExpressionLength)
        {
            throw new CaptureFilterException(string.Create(CultureInfo.InvariantCulture,
                $"the filter expression is {expression.Length} characters long; at most {MaxExpressionLength} are accepted"));
        }

        if (expression.Contains('\0', StringComparison.Ordinal))
        {
            throw new CaptureFilterException("the filter expression contains a NUL character");
        }

        if (LibPcap.Loaded is null)
        {
            throw new CaptureFilterException(LibPcap.MissingHint, libraryMissing: true);
        }

        byte[] utf8 = new byte[Encoding.UTF8.GetByteCount(expression) + 1];
        Encoding.UTF8.GetBytes(expression, utf8);
        (byte[]? program, string? error) = LibPcap.Call(pcap =>
        {
            nint handle = pcap.OpenDead(dataLinkType, snapLength);
            if (handle == 0)
            {
                return ((byte[]?)null, (string?)"libpcap could not make a handle to compile with (pcap_open_dead failed)");
            }

            try
            {
                var code = default(LibPcap.bpf_program);
                fixed (byte* text = utf8)
                {
                    if (pcap.Compile(handle, &code, text, optimize: true, LibPcap.NetmaskUnknown) != 0)
                    {
                        return (null, pcap.Error(handle));
                    }
                }

                try
                {
                    if (code.bf_len == 0 || code.bf_len > MaxInstructions)
                    {
                        return (null, string.Create(CultureInfo.InvariantCulture,
                            $"the compiled filter has {code.bf_len} instructions; the kernel attaches 1 to {MaxInstructions}"));
                    }

                    return (new ReadOnlySpan<byte>(code.bf_insns, (int)code.bf_len * sock_filter.Size).ToArray(), null);
                }
                finally
                {
                    pcap.FreeCode(&code);
                }
            }
            finally
            {
                pcap.Close(handle);
            }
        });
        if (program is null)
        {
            throw new CaptureFilterException(error!);
        }

        byte[] kernel = program;
        if (linkType is LinkTypes.LinuxSll or LinkTypes.LinuxSll2)
        {
            kernel = (byte[])program.Clone();
            if (CookedFilterOffsets.Fix(kernel, linkType == LinkTypes.LinuxSll2) is { } offset)
            {
                throw new CaptureFilterException(string.Create(CultureInfo.InvariantCulture,
                    $"the filter reads byte {offset} of the cooked header, which the kernel cannot filter on a capture of every interface (only its protocol, interface index and packet type)"));
            }
        }

        return new CaptureFilter(expression, linkType, program, kernel);
    }

    /// <summary>The program as tcpdump -d prints it, one instruction a line ("(000) ldh [12]").</summary>
    public unsafe IReadOnlyList<string> Describe()
    {
        byte[] program = Program.ToArray();
        return LibPcap.Call(pcap =>
        {
            var lines = new List<string>(program.Length / sock_filter.Size);
            fixed (byte* instructions = program)
            {
                for (int i = 0; i < program.Length / sock_filter.Size; i++)
                {
                    lines.Add(pcap.Image(instructions + (i * sock_filter.Size), i));
                }
            }

            return lines;
        });
    }

    /// <summary>libpcap's DLT_* for a LINKTYPE_*: the same number except raw IP (DLT_RAW is 12 on Linux).</summary>
    private static int? DataLinkType(int linkType) => linkType switch
    {
        LinkTypes.Ethernet => 1,
        LinkTypes.Raw => 12,
        LinkTypes.LinuxSll => LinkTypes.LinuxSll,
        LinkTypes.LinuxSll2 => LinkTypes.LinuxSll2,
        _ => null,
    };
}
