using NetDrop.Interop;

namespace NetDrop.Bpf;

/// <summary>The verifier rejected NetDrop's program; <see cref="Log"/> is its log, whose last lines say which instruction and why (docs/bpf.md reads one).</summary>
public sealed class BpfVerifierException : BpfException
{
    public BpfVerifierException(string message, Errno errno, string log)
        : base(message, errno) => Log = log;

    public string Log { get; }
}
