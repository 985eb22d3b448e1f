using System.Collections.Generic;
using System.Linq;
using NetDrop.Generators.Model;

namespace NetDrop.Generators.Emit.Views;

/// <summary>
/// A netlink family's typed client (Client.scriban): a method per do and dump with the request's
/// attributes as parameters, in a handler form and an allocating form, and subscription to its
/// multicast groups.
/// </summary>
internal sealed record ClientView(
    string GeneratedCode,
    string SpecSource,
    string Name,
    string TypePrefix,
    string ClientType,
    bool IsRaw,
    string ConnectionType,
    string OpenConnection,
    string? FixedFamilyId,
    string CommandType,
    bool HasMcastGroups,
    ClientOperationView[] Operations,
    NotificationView[] Notifications,
    ArgumentsView[] Arguments)
{
    /// <summary>The fixed headers notifications come with, each read by a method of its own.</summary>
    public string[] NotificationHeaders => Notifications.Select(n => n.HeaderType).OfType<string>().Distinct().ToArray();

    /// <summary>Parameters and locals of the client's methods, which an attribute's parameter must not take.</summary>
    private static readonly string[] MethodNames = { "handler", "header", "requestFlags", "flags", "writer", "token", "length", "replies", "collector", "sequence", "buffer" };

    /// <summary>The generic netlink controller's fixed id (GENL_ID_CTRL): nlctrl cannot resolve itself by name before it knows it.</summary>
    private const string ControllerId = "global::NetDrop.Netlink.NetlinkMessageType.GenericControl";

    public static object From(SpecModel spec)
    {
        // Nests get a parameter when their set's attributes can be passed as values; nests inside them
        // and sub-message formats get argument structs of their own, except where a set would contain itself.
        var setsByPrefix = new Dictionary<string, AttributeSetModel>();
        foreach (AttributeSetModel set in spec.AttributeSets)
        {
            setsByPrefix[set.TypePrefix] = set;
        }

        var subMessages = new Dictionary<string, SubMessageModel>();
        foreach (SubMessageModel subMessage in spec.SubMessages)
        {
            subMessages[subMessage.SpecName] = subMessage;
        }

        var builder = new ArgumentsBuilder(setsByPrefix, subMessages);
        foreach (OperationModel operation in Served(spec))
        {
            foreach (AttributeModel attribute in operation.RequestAttributes.Concat(operation.DumpRequestAttributes))
            {
                if (attribute.Kind == AttributeKind.Nest && !attribute.MultiAttr && attribute.NestedTypePrefix is { } nested)
                {
                    builder.Build(nested);
                }
            }
        }

        var withArguments = builder.WithArguments;
        var arguments = builder.Arguments;

        var operations = new List<ClientOperationView>();
        foreach (OperationModel operation in Served(spec))
        {
            operations.Add(Operation(spec, operation, withArguments));
        }

        return new ClientView(
            CSharpText.GeneratedCode,
            CSharpText.SpecSource(spec.FileName, spec.Name),
            spec.Name,
            spec.TypePrefix,
            spec.TypePrefix + "NetlinkClient",
            spec.IsRaw,
            spec.IsRaw ? "global::NetDrop.Netlink.Raw.RawNetlinkConnection" : "global::NetDrop.Netlink.Generic.GenericNetlinkConnection",
            spec.IsRaw
                ? $"global::NetDrop.Netlink.Raw.RawNetlinkConnection.Open((global::NetDrop.Netlink.Sockets.NetlinkProtocol){spec.TypePrefix}Family.Protocol)"
                : "global::NetDrop.Netlink.Generic.GenericNetlinkConnection.Open()",
            !spec.IsRaw && spec.Name == "nlctrl" ? ControllerId : null,
            spec.IsRaw ? "ushort" : "byte",
            spec.McastGroups.Count > 0,
            operations.ToArray(),
            spec.McastGroups.Count > 0 ? DescribedNotifications(spec) : System.Array.Empty<NotificationView>(),
            arguments.ToArray());
    }

    /// <summary>A client exists for a netlink family with requests to make or groups to join.</summary>
    public static bool HasClient(SpecModel spec) =>
        spec.IsNetlink && (spec.McastGroups.Count > 0 || Served(spec).Any());

    /// <summary>Operations the client makes requests of: a do or a dump, on an attribute set.</summary>
    private static IEnumerable<OperationModel> Served(SpecModel spec) =>
        spec.Operations.Where(o => (o.HasDo || o.HasDump) && o.AttributeSetPrefix is not null);

    /// <summary>
    /// The notifications the spec describes (an event, or a notify of another operation, on an attribute
    /// set), each with a handler method of its own. Where two share a command value (rt-link's
    /// newlink-ntf and a request's), the first keeps it: a message carries only the value.
    /// </summary>
    private static NotificationView[] DescribedNotifications(SpecModel spec)
    {
        var values = new HashSet<int>();
        var notifications = new List<NotificationView>();
        foreach (OperationModel operation in spec.Operations)
        {
            if (!operation.IsNotification || operation.AttributeSetPrefix is null || !values.Add(operation.Value))
            {
                continue;
            }

            notifications.Add(new NotificationView(
                operation.MemberName,
                operation.CName,
                $"{spec.TypePrefix}Command.{operation.MemberName}",
                spec.TypePrefix + operation.MemberName + "Notification",
                operation.AttributeSetPrefix + "Attributes",
                operation.FixedHeaderTypeName is { } type ? CSharpText.TypeName(type) : null,
                DocText.Summary(DocText.Join(DocText.Xml(operation.Doc), $"C: {operation.CName}."))));
        }

        return notifications.ToArray();
    }

    private static ClientOperationView Operation(SpecModel spec, OperationModel operation, ISet<string> withArguments)
    {
        string? header = operation.FixedHeaderTypeName is { } type ? CSharpText.TypeName(type) : null;
        ClientRequestView? @do = operation.HasDo ? Request(operation, operation.RequestAttributes, header, withArguments, "Write" + operation.MemberName) : null;
        // A dump that takes the do's attributes shares its writing method.
        bool sameRequest = @do is not null && operation.DumpRequestAttributes.Equals(operation.RequestAttributes);
        ClientRequestView? dump = operation.HasDump
            ? Request(operation, operation.DumpRequestAttributes, header, withArguments, "Write" + operation.MemberName + (sameRequest ? string.Empty : "Dump"))
            : null;
        string prefix = spec.TypePrefix + operation.MemberName;
        return new ClientOperationView(
            operation.MemberName,
            operation.CName,
            CSharpLiteral.Quote(operation.CName),
            CSharpLiteral.Quote(operation.CName + " dump"),
            $"{spec.TypePrefix}Command.{operation.MemberName}",
            FamilyView.RequestMetadata(spec, operation, dump: false),
            FamilyView.RequestMetadata(spec, operation, dump: true),
            operation.HasDo,
            operation.HasDump,
            operation.DoHasReply,
            operation.DoHasReply || operation.HasDump,
            "I" + prefix + "Handler",
            prefix + "Reply",
            operation.AttributeSetPrefix + "Attributes",
            operation.AttributeSetPrefix + "AttributeWriter",
            header,
            @do,
            dump,
            new[] { @do, sameRequest ? null : dump }.Where(r => r is not null).Select(r => r!).ToArray());
    }

    /// <summary>The parameters of a do's or a dump's methods, and the private method that writes the request.</summary>
    private static ClientRequestView Request(OperationModel operation, IEnumerable<AttributeModel> attributes, string? header, ISet<string> withArguments, string writeMethod)
    {
        var unsupported = new List<string>();
        RequestParameterView[] parameters = RequestParameters.From(attributes, MethodNames, withArguments, unsupported);

        // The public methods' parameters; the private one that writes the request takes the same
        // values without the defaults, the metadata and the flags (its first parameter).
        var declarations = new List<string>();
        var written = new List<string>();
        var forwarded = new List<string>();
        if (header is not null)
        {
            declarations.Add($"in {header} header = default");
            written.Add($"in {header} header");
            forwarded.Add("in header");
        }

        foreach (RequestParameterView parameter in parameters)
        {
            declarations.Add($"[global::NetDrop.Metadata.NetlinkAttributeParameter({parameter.SpecName})] {parameter.Type} {parameter.Name} = {parameter.Default}");
            written.Add($"{parameter.Type} {parameter.Name}");
            forwarded.Add(parameter.Name);
        }

        declarations.Add("global::NetDrop.Netlink.NetlinkMessageFlags requestFlags = default");

        string note = $"C: {operation.CName}."
            + (unsupported.Count > 0 ? $" Attributes no parameter carries ({string.Join(", ", unsupported)}) need a request built with the attribute writers." : string.Empty);
        return new ClientRequestView(
            DocText.Summary(DocText.Join(DocText.Xml(operation.Doc), note)),
            writeMethod,
            string.Join(", ", declarations),
            string.Concat(written.Select(w => ", " + w)),
            string.Concat(forwarded.Select(f => ", " + f)),
            parameters);
    }
}

/// <param name="Name">The operation's C# name (Getfamily); the dump method adds "Dump".</param>
/// <param name="RequestName">The C name as a literal, for errors ("CTRL_CMD_GETFAMILY"); DumpRequestName the dump's ("CTRL_CMD_GETFAMILY dump").</param>
/// <param name="Command">The command enum member the request carries.</param>
/// <param name="DoMetadata">The request's metadata for the analyzers, as the one-call builders carry it; DumpMetadata for the dump.</param>
/// <param name="HasReplies">The do has a reply, or there is a dump: a handler interface and a reply class exist.</param>
/// <param name="HeaderType">The fixed header's C# struct (ifinfomsg), or null.</param>
/// <param name="Do">The do's parameters, or null; Dump the dump's; Requests those with a writing method of their own.</param>
internal sealed record ClientOperationView(
    string Name,
    string CName,
    string RequestName,
    string DumpRequestName,
    string Command,
    string DoMetadata,
    string DumpMetadata,
    bool HasDo,
    bool HasDump,
    bool DoHasReply,
    bool HasReplies,
    string HandlerType,
    string ReplyType,
    string ViewType,
    string WriterType,
    string? HeaderType,
    ClientRequestView? Do,
    ClientRequestView? Dump,
    ClientRequestView[] Requests);

/// <param name="WriteMethod">The private method that writes the request (WriteGetlink, WriteGetlinkDump).</param>
/// <param name="Parameters">Declarations after the handler: the fixed header, the attributes, the extra flags.</param>
/// <param name="WriteParameters">The private writing method's parameters after the flags, each after ", ".</param>
/// <param name="WriteArguments">The values passed on to it, each after ", ".</param>
/// <param name="Attributes">The attribute parameters, for the writes.</param>
internal sealed record ClientRequestView(
    string[] Summary,
    string WriteMethod,
    string Parameters,
    string WriteParameters,
    string WriteArguments,
    RequestParameterView[] Attributes);

/// <summary>A notification the spec describes, handed to its own handler method.</summary>
/// <param name="Name">The operation's C# name (NewlinkNtf): the handler method is On + Name.</param>
/// <param name="Command">The command enum member it comes with.</param>
/// <param name="OwnedType">The allocating form's class (RtLinkNewlinkNtfNotification).</param>
/// <param name="ViewType">Its attribute set's view; HeaderType its fixed header, or null.</param>
internal sealed record NotificationView(string Name, string CName, string Command, string OwnedType, string ViewType, string? HeaderType, string[] Summary);

/// <summary>A nested set's attributes as an argument struct of optional members.</summary>
/// <param name="EmptyCondition">True when no member is set (the nest is then not written).</param>
/// <param name="Conflicts">Per sub-message attribute, the members of which at most one may be set (its raw bytes and each format's), each an expression counting 1 when set; a C# literal naming them for the error.</param>
internal sealed record ArgumentsView(string[] Summary, string Name, string WriterType, string EmptyCondition, RequestParameterView[] Members, ArgumentsConflictView[] Conflicts);

/// <summary>Members of an argument struct that write the same attribute, of which at most one may be set.</summary>
internal sealed record ArgumentsConflictView(string Count, string Names);
