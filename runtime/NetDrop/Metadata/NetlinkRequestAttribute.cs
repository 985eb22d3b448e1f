using System;

namespace NetDrop.Metadata;

/// <summary>
/// Marks a method that builds (or sends) a request of a generic netlink operation, named as the spec
/// names them (family <c>NET_DM</c>, operation <c>start</c>). The generator puts it on every request
/// builder; a hand-written client puts it on its methods. Analyzers follow it to check the order of
/// operations the kernel insists on (NET_DM answers CONFIG with EBUSY while monitoring is on).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class NetlinkRequestAttribute : Attribute
{
    public NetlinkRequestAttribute(string family, string operation)
    {
        Family = family;
        Operation = operation;
    }

    /// <summary>The family's spec name (<c>NET_DM</c>).</summary>
    public string Family { get; }

    /// <summary>The operation's spec name (<c>config</c>).</summary>
    public string Operation { get; }

    /// <summary>True for a dump request (NLM_F_DUMP) rather than a do request.</summary>
    public bool Dump { get; set; }

    /// <summary>The state of the family this request turns on (NET_DM start: <c>monitoring</c>); the spec's <c>enters-state</c>.</summary>
    public string? EntersState { get; set; }

    /// <summary>The state this request turns off (NET_DM stop: <c>monitoring</c>); the spec's <c>leaves-state</c>.</summary>
    public string? LeavesState { get; set; }

    /// <summary>A state in which the kernel refuses this request (NET_DM config, EBUSY while <c>monitoring</c>); the spec's <c>rejected-in-state</c>.</summary>
    public string? RejectedInState { get; set; }

    /// <summary>Request attributes of which the request should carry at least one (NET_DM start: <c>sw-drops</c>, <c>hw-drops</c>); the spec's <c>names-one-of</c>.</summary>
    public string[]? NamesOneOf { get; set; }
}
