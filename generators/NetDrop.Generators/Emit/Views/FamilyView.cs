using System.Collections.Generic;
using System.Linq;
using NetDrop.Generators.Model;
using static NetDrop.Generators.Emit.CSharpText;

namespace NetDrop.Generators.Emit.Views;

/// <summary>A generic netlink family: its name, version, multicast groups, commands and request builders (Family.scriban).</summary>
internal sealed record FamilyView(
    string GeneratedCode,
    string[] Summary,
    string SpecSource,
    string Name,
    string NameLiteral,
    string TypePrefix,
    string Version,
    bool IsRaw,
    string Protonum,
    string CommandType,
    bool HasMcastGroups,
    NamedLiteral[] McastGroups,
    bool HasOperations,
    CommandView[] Commands,
    RequestView[] Requests)
{
    private const string RequestAck = "global::NetDrop.Netlink.NetlinkMessageFlags.Request | global::NetDrop.Netlink.NetlinkMessageFlags.Ack";
    private const string RequestDump = "global::NetDrop.Netlink.NetlinkMessageFlags.Request | global::NetDrop.Netlink.NetlinkMessageFlags.Dump";

    public static object From(SpecModel spec)
    {
        var groups = new List<NamedLiteral>();
        foreach (McastGroupModel group in spec.McastGroups)
        {
            // A netlink-raw group is a number to bind to (RTNLGRP_LINK); a genetlink group a name to resolve.
            groups.Add(spec.IsRaw && group.Value is { } value
                ? new NamedLiteral(group.MemberName, Invariant(value), "uint")
                : new NamedLiteral(group.MemberName, CSharpLiteral.Quote(group.SpecName), "string"));
        }

        var commands = new List<CommandView>();
        var requests = new List<RequestView>();
        foreach (OperationModel operation in spec.Operations)
        {
            commands.Add(new CommandView(
                DocText.Summary(DocText.Join(DocText.Xml(operation.Doc), $"C: {operation.CName}.")),
                operation.MemberName,
                Invariant(operation.Value),
                spec.DirectionalOperations && operation.ReplyCName is not null && operation.ReplyValue != operation.Value ? Invariant(operation.ReplyValue) : null,
                operation.ReplyCName));

            // A raw family's requests start with its fixed header, not a generic netlink header; a
            // genetlink family's with a fixed header (ovs) carry it after the genlmsghdr. Neither is
            // written by these builders yet (ND0013 says so), so none are generated.
            if ((operation.HasDo || operation.HasDump) && !spec.IsRaw && operation.FixedHeaderTypeName is null)
            {
                requests.Add(Request(spec, operation));
            }
        }

        return new FamilyView(
            CSharpText.GeneratedCode,
            DocText.Summary(DocText.Join(DocText.Xml(spec.Doc), spec.IsRaw ? $"The '{spec.Name}' netlink family (netlink protocol {Invariant(spec.Protonum ?? 0)})." : $"The '{spec.Name}' generic netlink family.")),
            CSharpText.SpecSource(spec.FileName, spec.Name),
            spec.Name,
            CSharpLiteral.Quote(spec.Name),
            spec.TypePrefix,
            Invariant(spec.Version),
            spec.IsRaw,
            Invariant(spec.Protonum ?? 0),
            spec.IsRaw ? "ushort" : "byte",
            groups.Count > 0,
            groups.ToArray(),
            spec.Operations.Count > 0,
            commands.ToArray(),
            requests.ToArray());
    }

    private static RequestView Request(SpecModel spec, OperationModel operation)
    {
        var builders = new List<OneCallRequestView>();
        if (operation.AttributeSetPrefix is not null && CanBuildInOneCall(operation))
        {
            if (operation.HasDo)
            {
                builders.Add(OneCall(spec, operation, operation.MemberName, RequestAck, dump: false));
            }

            if (operation.HasDump)
            {
                builders.Add(OneCall(spec, operation, operation.MemberName + "Dump", RequestDump, dump: true));
            }
        }

        return new RequestView(
            operation.CName,
            operation.MemberName,
            RequestMetadata(spec, operation, dump: !operation.HasDo),
            operation.HasDo ? RequestAck : RequestDump,
            builders.ToArray());
    }

    /// <summary>Requests whose attributes are all flags, scalars, strings or bytes get a one-call builder.</summary>
    private static bool CanBuildInOneCall(OperationModel operation)
    {
        foreach (AttributeModel attribute in operation.RequestAttributes)
        {
            if (attribute.Kind is AttributeKind.Nest or AttributeKind.NestArray or AttributeKind.RawArray || attribute.MultiAttr)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Names the family and operation a builder makes a request of, so analyzers find builders by what
    /// they build (NET_DM start, config) rather than by their C# names.
    /// </summary>
    internal static string RequestMetadata(SpecModel spec, OperationModel operation, bool dump) =>
        $"[global::NetDrop.Metadata.NetlinkRequest({CSharpLiteral.Quote(spec.Name)}, {CSharpLiteral.Quote(operation.SpecName)}{(dump ? ", Dump = true" : string.Empty)}"
        + (operation.EntersState is { } enters ? ", EntersState = " + CSharpLiteral.Quote(enters) : string.Empty)
        + (operation.LeavesState is { } leaves ? ", LeavesState = " + CSharpLiteral.Quote(leaves) : string.Empty)
        + (operation.RejectedInState is { } rejected ? ", RejectedInState = " + CSharpLiteral.Quote(rejected) : string.Empty)
        + (operation.NamesOneOf.Count > 0 ? ", NamesOneOf = new[] { " + string.Join(", ", operation.NamesOneOf.Select(CSharpLiteral.Quote)) + " }" : string.Empty)
        + ")]";

    private static readonly string[] BuilderLocals = { "buffer", "messageType", "sequence", "writer", "token" };

    private static OneCallRequestView OneCall(SpecModel spec, OperationModel operation, string method, string flags, bool dump)
    {
        RequestParameterView[] parameters = RequestParameters.From(operation.RequestAttributes, BuilderLocals, nestedArguments: null, new List<string>());
        return new OneCallRequestView(method, RequestMetadata(spec, operation, dump), flags, operation.AttributeSetPrefix + "AttributeWriter", parameters);
    }
}

internal sealed record NamedLiteral(string Name, string Literal, string Type);

/// <param name="ReplyValue">For a directional family whose reply has a command of its own, its value; else null.</param>
/// <param name="ReplyCName">The reply's C name (ETHTOOL_MSG_FEATURES_GET_REPLY), for its doc; null when the kernel numbers no reply apart.</param>
internal sealed record CommandView(string[] Summary, string MemberName, string Value, string? ReplyValue, string? ReplyCName);

/// <param name="Builders">One-call builders: for the do request and for the dump, when the attributes allow.</param>
internal sealed record RequestView(string CName, string MemberName, string Metadata, string Flags, OneCallRequestView[] Builders);

internal sealed record OneCallRequestView(string Method, string Metadata, string Flags, string WriterType, RequestParameterView[] Parameters);

/// <summary>An optional attribute parameter of a one-call builder, and how it is put when given.</summary>
/// <param name="Kind">Flag (put when true), Value (when not null), String (when not null), Binary (when not empty), Nest (an argument struct, when not empty), Repeated (a span of values, each put), RepeatedBinary (a span of byte blocks, each put) or SubMessage (one format's argument struct of a sub-message attribute, when not empty: <see cref="Begin"/> puts the selector and begins it).</param>
internal sealed record RequestParameterView(string Kind, string SpecName, string Type, string Name, string Default, string MemberName)
{
    /// <summary>A SubMessage member's writer method (RtLinkLinkinfoSubMessages.BeginDataAsBridge).</summary>
    public string? Begin { get; init; }

    /// <summary>A SubMessage member's selector value, as a C# literal ("bridge"); SelectorMember the argument member holding the selector (Kind).</summary>
    public string? FormatValue { get; init; }

    public string? SelectorMember { get; init; }

    /// <summary>For the selector's own member: a condition, after its own, that no format member is set (the format's writer puts the selector then).</summary>
    public string? AlsoWhen { get; init; }
}
