using System.Collections.Generic;
using NetDrop.Generators.Model;

namespace NetDrop.Generators.Emit;

// A generic netlink family: its name, version, multicast groups, commands and request builders.
internal sealed partial class SpecEmitter
{
    private const string RequestAck = "global::NetDrop.Netlink.NetlinkMessageFlags.Request | global::NetDrop.Netlink.NetlinkMessageFlags.Ack";
    private const string RequestDump = "global::NetDrop.Netlink.NetlinkMessageFlags.Request | global::NetDrop.Netlink.NetlinkMessageFlags.Dump";

    private void WriteFamily(SourceWriter w)
    {
        string prefix = _spec.TypePrefix;
        w.WriteSummary(Join(Xml(_spec.Doc), $"The '{_spec.Name}' generic netlink family."));
        w.WriteLine(SpecSource(_spec.Name));
        w.WriteLine(GeneratedCode);
        w.OpenBlock($"public static partial class {prefix}Family");
        w.WriteSummary("The name to resolve with the generic netlink controller (CTRL_CMD_GETFAMILY).");
        w.WriteLine($"public const string Name = {Naming.Literal(_spec.Name)};");
        w.WriteLine();
        w.WriteSummary("The family version that requests carry in their generic netlink header.");
        w.WriteLine($"public const byte Version = {Invariant(_spec.Version)};");
        if (_spec.McastGroups.Count > 0)
        {
            w.WriteLine();
            w.WriteSummary("Multicast groups, by the names the controller reports.");
            w.OpenBlock("public static class McastGroups");
            foreach (string group in _spec.McastGroups)
            {
                w.WriteLine($"public const string {Naming.Pascal(group)} = {Naming.Literal(group)};");
            }

            w.CloseBlock();
        }

        w.CloseBlock();
        w.WriteLine();

        if (_spec.Operations.Count == 0)
        {
            return;
        }

        w.WriteSummary($"Commands of the '{_spec.Name}' family (the genlmsghdr cmd field).");
        w.WriteLine(GeneratedCode);
        w.OpenBlock($"public enum {prefix}Command : byte");
        foreach (OperationModel operation in _spec.Operations)
        {
            w.WriteSummary(Join(Xml(operation.Doc), $"C: {operation.CName}."));
            w.WriteLine($"{operation.MemberName} = {Invariant(operation.Value)},");
            if (_spec.DirectionalOperations && operation.ReplyValue != operation.Value)
            {
                w.WriteSummary($"The kernel's reply to {operation.MemberName}.");
                w.WriteLine($"{operation.MemberName}Reply = {Invariant(operation.ReplyValue)},");
            }
        }

        w.CloseBlock();
        w.WriteLine();
        WriteRequests(w);
    }

    private void WriteRequests(SourceWriter w)
    {
        string prefix = _spec.TypePrefix;
        w.WriteSummary($"Builds request messages of the '{_spec.Name}' family into caller buffers.");
        w.WriteLine(GeneratedCode);
        w.OpenBlock($"public static partial class {prefix}Requests");
        bool first = true;
        foreach (OperationModel operation in _spec.Operations)
        {
            if (!operation.HasDo && !operation.HasDump)
            {
                continue;
            }

            if (!first)
            {
                w.WriteLine();
            }

            first = false;
            string flags = operation.HasDo ? RequestAck : RequestDump;
            w.WriteSummary($"Starts a {operation.CName} request: writes nlmsghdr (type: the family id the controller resolved) and genlmsghdr. Put attributes, then call EndMessage with the token.");
            w.WriteLine(RequestMetadata(operation, dump: !operation.HasDo));
            w.OpenBlock($"public static int Begin{operation.MemberName}(ref global::NetDrop.Netlink.NetlinkWriter writer, ushort messageType, uint sequence, global::NetDrop.Netlink.NetlinkMessageFlags flags = {flags})");
            w.WriteLine("int token = writer.BeginMessage(messageType, flags, sequence);");
            w.WriteLine($"writer.WriteGenericHeader((byte){prefix}Command.{operation.MemberName}, {prefix}Family.Version);");
            w.WriteLine("return token;");
            w.CloseBlock();
            if (operation.AttributeSetPrefix is not null && CanBuildInOneCall(operation))
            {
                if (operation.HasDo)
                {
                    w.WriteLine();
                    WriteOneCallRequest(w, operation, operation.MemberName, RequestAck, dump: false);
                }

                if (operation.HasDump)
                {
                    w.WriteLine();
                    WriteOneCallRequest(w, operation, operation.MemberName + "Dump", RequestDump, dump: true);
                }
            }
        }

        w.CloseBlock();
        w.WriteLine();
    }

    /// <summary>Requests whose attributes are all flags, scalars, strings or bytes get a one-call builder.</summary>
    private static bool CanBuildInOneCall(OperationModel operation)
    {
        foreach (AttributeModel attribute in operation.RequestAttributes)
        {
            AttributeShape shape = AttributeShapes.Of(attribute);
            if (shape is AttributeShape.Nest or AttributeShape.NestArray or AttributeShape.RawArray || attribute.MultiAttr)
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
    private string RequestMetadata(OperationModel operation, bool dump) =>
        $"[global::NetDrop.Metadata.NetlinkRequest({Naming.Literal(_spec.Name)}, {Naming.Literal(operation.SpecName)}{(dump ? ", Dump = true" : string.Empty)})]";

    private static string AttributeParameter(AttributeModel attribute) =>
        $"[global::NetDrop.Metadata.NetlinkAttributeParameter({Naming.Literal(attribute.SpecName)})] ";

    private void WriteOneCallRequest(SourceWriter w, OperationModel operation, string method, string flags, bool dump)
    {
        var parameters = new List<string> { "global::System.Span<byte> buffer", "ushort messageType", "uint sequence" };
        var puts = new List<string>();
        string writerType = operation.AttributeSetPrefix + "AttributeWriter";
        foreach (AttributeModel attribute in operation.RequestAttributes)
        {
            string name = ParameterName(attribute.MemberName);
            if (name is "buffer" or "messageType" or "sequence" or "writer" or "token")
            {
                name += "Attribute";
            }

            switch (AttributeShapes.Of(attribute))
            {
                case AttributeShape.Flag:
                    parameters.Add($"{AttributeParameter(attribute)}bool {name} = false");
                    puts.Add($"if ({name}) {writerType}.Put{attribute.MemberName}(ref writer);");
                    break;
                case AttributeShape.Fixed:
                    parameters.Add($"{AttributeParameter(attribute)}{AttributeShapes.ValueType(attribute, out _)}? {name} = null");
                    puts.Add($"if ({name} is {{ }} {name}Value) {writerType}.Put{attribute.MemberName}(ref writer, {name}Value);");
                    break;
                case AttributeShape.VarUnsigned:
                    parameters.Add($"{AttributeParameter(attribute)}ulong? {name} = null");
                    puts.Add($"if ({name} is {{ }} {name}Value) {writerType}.Put{attribute.MemberName}(ref writer, {name}Value);");
                    break;
                case AttributeShape.VarSigned:
                    parameters.Add($"{AttributeParameter(attribute)}long? {name} = null");
                    puts.Add($"if ({name} is {{ }} {name}Value) {writerType}.Put{attribute.MemberName}(ref writer, {name}Value);");
                    break;
                case AttributeShape.String:
                    parameters.Add($"{AttributeParameter(attribute)}string? {name} = null");
                    puts.Add($"if ({name} is not null) {writerType}.Put{attribute.MemberName}(ref writer, {name});");
                    break;
                case AttributeShape.Binary:
                    parameters.Add($"{AttributeParameter(attribute)}global::System.ReadOnlySpan<byte> {name} = default");
                    puts.Add($"if (!{name}.IsEmpty) {writerType}.Put{attribute.MemberName}(ref writer, {name});");
                    break;
            }
        }

        w.WriteSummary($"Writes a whole {operation.CName} request into <paramref name=\"buffer\"/>; returns its length. Attributes left null or false are not sent.");
        w.WriteLine(RequestMetadata(operation, dump));
        w.OpenBlock($"public static int {method}({string.Join(", ", parameters)})");
        w.WriteLine("var writer = new global::NetDrop.Netlink.NetlinkWriter(buffer);");
        w.WriteLine($"int token = Begin{operation.MemberName}(ref writer, messageType, sequence, {flags});");
        foreach (string put in puts)
        {
            w.WriteLine(put);
        }

        w.WriteLine("return writer.EndMessage(token);");
        w.CloseBlock();
    }

    private static string ParameterName(string member)
    {
        string name = char.ToLowerInvariant(member[0]) + member.Substring(1);
        return Identifier(name);
    }
}
