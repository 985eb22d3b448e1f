using Microsoft.CodeAnalysis;

namespace NetDrop.Analyzers.Descriptors;

/// <summary>
/// Every diagnostic the NetDrop analyzers report. IDs ND1001 and up are usage diagnostics (these
/// analyzers); ND0001–ND0999 are the spec generator's. Each ID has a page under docs/diagnostics/ and a
/// line in AnalyzerReleases.Unshipped.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NetDrop.Usage";

    /// <summary>Where help links point: the build's NetDropHelpLinkBase (Directory.Build.props), written in as <see cref="HelpLinks.Base"/>.</summary>
    public static string HelpLinkBase => HelpLinks.Base;

    public static readonly DiagnosticDescriptor UnhandledDropReason = Create(
        "ND1001",
        "Switch over drop reasons misses reasons",
        "This switch over {0} has no default arm and does not handle {1} reason(s): {2}; add cases for them or a default arm",
        DiagnosticSeverity.Warning,
        "The kernel can report any reason of the catalogue, and new kernels add reasons. A switch with neither a case for every reason nor a default arm silently ignores the rest.");

    public static readonly DiagnosticDescriptor ReasonsInDefaultArm = Create(
        "ND1002",
        "Drop reasons handled by the default arm",
        "The default arm of this switch over {0} takes {1} reason(s): {2}",
        DiagnosticSeverity.Info,
        "Lists the reasons that end up in the default arm, so a reader can see whether any of them needs its own handling.");

    public static readonly DiagnosticDescriptor IncompleteReasonChain = Create(
        "ND1003",
        "Drop-reason if/else chain misses reasons",
        "This if/else chain over {0} throws for every reason it does not test, and does not test {1} reason(s): {2}; handle them before the final else",
        DiagnosticSeverity.Warning,
        "A chain of equality tests over a drop reason whose final else throws says that every other reason is impossible, but the kernel can report any reason of the catalogue.");

    public static readonly DiagnosticDescriptor ControlMessageSize = Create(
        "ND1004",
        "Control-message size does not match the spec",
        "{0} carries {1} ({2} bytes), but this size is {3} bytes; use {4}",
        DiagnosticSeverity.Warning,
        "A CMSG_LEN or CMSG_SPACE computed from another size than the control message's payload makes the kernel truncate the message (MSG_CTRUNC) or the reader read past it.");

    public static readonly DiagnosticDescriptor ControlMessagePayloadType = Create(
        "ND1005",
        "Control-message payload read as the wrong type",
        "{0} carries {1} ({2} bytes); read it as {1}, not {3}",
        DiagnosticSeverity.Warning,
        "Reading a control message's data as another struct than the spec's payload reads garbage or past the end of the message.");

    public static readonly DiagnosticDescriptor UnknownControlMessage = Create(
        "ND1006",
        "Not a control message of the spec",
        "The spec has no control message with level {0} and type {1}: {2}",
        DiagnosticSeverity.Warning,
        "The level and type name no control message of the spec, which lists what the kernel sends on packet sockets (SOL_PACKET, and SOL_SOCKET from asm-generic/socket.h). PACKET_GAPDATA (type 15 at SOL_PACKET) was merged and reverted: value 15 is PACKET_VNET_HDR, and no kernel sends such a message. A message the spec lacks belongs in the spec.");

    public static readonly DiagnosticDescriptor SocketOptionValue = Create(
        "ND1007",
        "Socket option value does not match the spec",
        "{0} {1}, not {2}; pass what the spec gives",
        DiagnosticSeverity.Warning,
        "The kernel copies as many bytes as the option's type has and rejects other lengths with EINVAL, or reads a struct of another layout.");

    public static readonly DiagnosticDescriptor SocketOptionDirection = Create(
        "ND1008",
        "Socket option used in a direction the kernel rejects",
        "{0} cannot be {1}: the spec gives it no {2} value, and the kernel rejects it with ENOPROTOOPT{3}",
        DiagnosticSeverity.Warning,
        "Some options can only be set (PACKET_RX_RING) and some only read (PACKET_STATISTICS).");

    public static readonly DiagnosticDescriptor RingOptionAfterRing = Create(
        "ND1009",
        "Ring option set after the ring",
        "{0} is set after {1} on the same socket, and the kernel rejects it with EBUSY once a ring exists; set {0} before {1}",
        DiagnosticSeverity.Warning,
        "PACKET_VERSION, PACKET_RESERVE and the other options that shape ring frames must be set before PACKET_RX_RING or PACKET_TX_RING creates the ring.");

    public static readonly DiagnosticDescriptor ReasonNumberCast = Create(
        "ND1010",
        "Number cast to a drop reason",
        "Casting a number to {0} treats a number as a reason, but the kernel's reason numbers change between kernel versions and are not {0}'s; map the kernel's name with {1}.TryParseKernelName",
        DiagnosticSeverity.Warning,
        "Drop-reason numbers are not ABI (NETFILTER_DROP was 8 and is 12 now). The catalogue enum is NetDrop's own identity; the kernel's reasons map to it by name.");

    public static readonly DiagnosticDescriptor ReasonNumberComparison = Create(
        "ND1011",
        "Kernel drop-reason number compared with a constant",
        "'{0}' is compared with the number {1}, but the kernel's reason numbers change between kernel versions; map the reason by name with {2}.TryParseKernelName and compare {3} values",
        DiagnosticSeverity.Warning,
        "Drop-reason numbers are not ABI (NETFILTER_DROP was 8 and is 12 now), so a number that means one reason on this kernel means another on the next.");

    public static readonly DiagnosticDescriptor RequestInRejectedState = Create(
        "ND1012",
        "Netlink request made in a state the kernel refuses it in",
        "This {0} {1} request comes after {0} {2} on the same client, and the kernel refuses {1} in the '{3}' state that {2} enters; make {1} before {2}, or leave '{3}' first",
        DiagnosticSeverity.Warning,
        "A spec marks an operation rejected-in-state when the kernel answers it with an error in a state another operation enters (NET_DM answers CONFIG with EBUSY while monitoring is on).");

    public static readonly DiagnosticDescriptor RequestNamesNoneOf = Create(
        "ND1013",
        "Netlink request names none of the attributes it should name one of",
        "This {0} {1} request sets {2}, and the {0} spec says it should name one of them; pass {3}",
        DiagnosticSeverity.Warning,
        "A spec lists names-one-of on an operation whose kernel handler falls back to a default when none is given (a NET_DM START that names neither sw-drops nor hw-drops watches software drops only).");

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description) => new(
        id,
        title,
        message,
        Category,
        severity,
        isEnabledByDefault: true,
        description: description,
        helpLinkUri: HelpLinks.Base + id + ".md");

}
