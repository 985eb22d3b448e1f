using System.Collections.Generic;
using NetDrop.Generators.Model;
using static NetDrop.Generators.Emit.CSharpText;

namespace NetDrop.Generators.Emit.Views;

/// <summary>
/// Request attributes as optional method parameters (flags, scalars, strings, bytes, and for clients
/// nests as argument structs), shared by the one-call builders (Family.scriban) and the clients
/// (Client.scriban) so both name and type a parameter alike.
/// </summary>
internal static class RequestParameters
{
    /// <summary>
    /// The parameters for <paramref name="attributes"/>; a name in <paramref name="reserved"/> (the
    /// method's own parameters and locals) gets "Attribute" appended. Attributes no parameter can carry
    /// are added to <paramref name="unsupported"/> by spec name.
    /// </summary>
    /// <param name="nestedArguments">Nests whose set has an argument struct get a parameter of it; null: nests have none.</param>
    public static RequestParameterView[] From(
        IEnumerable<AttributeModel> attributes,
        ICollection<string> reserved,
        ISet<string>? nestedArguments,
        List<string> unsupported)
    {
        var parameters = new List<RequestParameterView>();
        foreach (AttributeModel attribute in attributes)
        {
            string name = ParameterName(attribute.MemberName);
            if (reserved.Contains(name))
            {
                name += "Attribute";
            }

            if (Parameter(attribute, name, nestedArguments) is { } parameter)
            {
                parameters.Add(parameter);
            }
            else
            {
                unsupported.Add(attribute.SpecName);
            }
        }

        return parameters.ToArray();
    }

    /// <summary>
    /// The parameter for one attribute; null for a kind only the writer can put (arrays, repeated nests,
    /// nests without an argument struct). Repeated values and nests are for clients only
    /// (<paramref name="nestedArguments"/> not null): the one-call builders take neither.
    /// </summary>
    public static RequestParameterView? Parameter(AttributeModel attribute, string name, ISet<string>? nestedArguments)
    {
        string literal = CSharpLiteral.Quote(attribute.SpecName);
        if (attribute.MultiAttr && attribute.Kind == AttributeKind.Binary)
        {
            // Repeated bytes (vlan's qos mapping): one attribute per element, in order.
            return nestedArguments is null
                ? null
                : new RequestParameterView("RepeatedBinary", literal, "global::System.ReadOnlySpan<global::System.ReadOnlyMemory<byte>>", name, "default", attribute.MemberName);
        }

        if (attribute.MultiAttr)
        {
            // A repeated attribute: one of each element, in order.
            string? element = attribute.Kind switch
            {
                AttributeKind.Fixed => attribute.ValueType,
                AttributeKind.VarUnsigned => "ulong",
                AttributeKind.VarSigned => "long",
                AttributeKind.String => "string",
                _ => null,
            };
            return element is null || nestedArguments is null
                ? null
                : new RequestParameterView("Repeated", literal, $"global::System.ReadOnlySpan<{element}>", name, "default", attribute.MemberName);
        }

        return attribute.Kind switch
        {
            AttributeKind.Flag => new RequestParameterView("Flag", literal, "bool", name, "false", attribute.MemberName),
            AttributeKind.Fixed => new RequestParameterView("Value", literal, attribute.ValueType + "?", name, "null", attribute.MemberName),
            AttributeKind.VarUnsigned => new RequestParameterView("Value", literal, "ulong?", name, "null", attribute.MemberName),
            AttributeKind.VarSigned => new RequestParameterView("Value", literal, "long?", name, "null", attribute.MemberName),
            AttributeKind.String => new RequestParameterView("String", literal, "string?", name, "null", attribute.MemberName),
            AttributeKind.Binary => new RequestParameterView("Binary", literal, "global::System.ReadOnlySpan<byte>", name, "default", attribute.MemberName),
            AttributeKind.Nest when nestedArguments is not null && attribute.NestedTypePrefix is { } nested && nestedArguments.Contains(nested)
                => new RequestParameterView("Nest", literal, ArgumentsType(nested), name, "default", attribute.MemberName),
            _ => null,
        };
    }

    /// <summary>The argument struct of a nested set's attributes (RtLinkLinkinfo → RtLinkLinkinfoArguments).</summary>
    public static string ArgumentsType(string setPrefix) => setPrefix + "Arguments";

    public static string ParameterName(string member) =>
        Identifier(char.ToLowerInvariant(member[0]) + member.Substring(1));
}
