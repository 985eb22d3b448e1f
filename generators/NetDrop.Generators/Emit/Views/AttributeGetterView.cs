using System.Collections.Generic;
using NetDrop.Generators.Model;
using static NetDrop.Generators.Emit.CSharpText;

namespace NetDrop.Generators.Emit.Views;

/// <summary>How the view reads one attribute.</summary>
/// <param name="Kind">The attribute's kind (AttributeKind), with a repeated nest as NestMulti.</param>
/// <param name="Name">The property, clear of the view's own members.</param>
/// <param name="Payload">The expression for the attribute's payload in the view's buffer.</param>
/// <param name="Summary">The doc of the main getter.</param>
/// <param name="DecodeSummary">For a string, the doc of the decoding method.</param>
/// <param name="Read">For a fixed-size value, the expression that reads it (cast to its enum).</param>
/// <param name="Nested">For nests and their arrays, the nested set's view type.</param>
/// <param name="StructType">For a binary attribute holding a struct, the struct's C# name.</param>
/// <param name="RepeatedValues">A multi-attr that is not a nest: it also gets every occurrence, raw.</param>
/// <param name="SubMessage">A sub-message attribute: the view also says where its payload starts, for the typed accessors.</param>
/// <param name="Format">For an attribute with a display-hint NetDrop formats, the expression that formats its present payload.</param>
internal sealed record AttributeGetterView(
    string Kind,
    string Name,
    string Field,
    string CName,
    string Value,
    string Payload,
    string[] Summary,
    string[] DecodeSummary,
    string? ValueType,
    string? Read,
    string? Nested,
    string? StructType,
    string? StructCName,
    bool RepeatedValues,
    string? DisplayHint,
    string? Format,
    bool SubMessage)
{
    /// <summary>Members every view has; an attribute whose name would clash gets an "Attribute" suffix.</summary>
    private static readonly HashSet<string> ViewMembers = new()
    {
        "Error", "UnknownCount", "FirstUnknownType", "BaseOffset", "Parse", "PayloadAt", "Fail", "Equals", "GetHashCode", "ToString", "GetType",
    };

    private static readonly string[] NoLines = System.Array.Empty<string>();

    public static string FieldOf(AttributeModel attribute) => "_a" + attribute.MemberName;

    public static AttributeGetterView From(SpecModel spec, AttributeModel attribute)
    {
        string field = FieldOf(attribute);
        string payload = $"PayloadAt({field}, {field}Length)";
        AttributeKind shape = attribute.Kind;
        string doc = DocText.Join(DocText.Xml(attribute.Doc), $"{attribute.CName} ({attribute.YnlType}).") ?? string.Empty;
        string kind = shape == AttributeKind.Nest && attribute.MultiAttr ? "NestMulti" : shape.ToString();
        string? valueType = null;
        string? read = null;
        string? nested = null;
        string[] decode = NoLines;
        string summary = doc;
        switch (shape)
        {
            case AttributeKind.Fixed:
            {
                ScalarType scalar = attribute.Scalar!.Value;
                valueType = attribute.ValueType;
                read = scalar.Size() == 1
                    ? $"{payload}[0]"
                    : $"global::System.Buffers.Binary.BinaryPrimitives.{ScalarCode.Reader(scalar, attribute.BigEndian)}({payload})";
                if (scalar == ScalarType.S8)
                {
                    read = $"unchecked((sbyte){read})";
                }

                read = (attribute.EnumTypeName is null ? string.Empty : $"({valueType})") + read;
                break;
            }

            case AttributeKind.String:
                summary = doc + "\nThe UTF-8 bytes without the NUL terminator; empty when absent.";
                decode = DocText.Summary(doc + "\nDecoded to a string (allocates), or null when absent.");
                break;
            case AttributeKind.Binary:
                summary = doc + "\nThe payload; empty when absent.";
                break;
            case AttributeKind.Nest:
                nested = attribute.NestedTypePrefix + "Attributes";
                summary = doc + (attribute.MultiAttr ? "\nEvery occurrence, each parsed when reached." : "\nThe nested attributes; an empty view when absent.");
                break;
            case AttributeKind.NestArray:
                nested = attribute.NestedTypePrefix + "Attributes";
                summary = doc + "\nThe array's items, each parsed when reached.";
                break;
            case AttributeKind.RawArray:
                summary = doc + "\nThe nested attributes, raw.";
                break;
        }

        return new AttributeGetterView(
            kind,
            PropertyName(attribute),
            field,
            attribute.CName,
            Invariant(attribute.Value),
            payload,
            DocText.Summary(summary),
            decode,
            valueType,
            read,
            nested,
            // Qualified: an attribute may be named as its struct (ovs_datapath's megaflow-stats), and the view's property would hide the type.
            shape == AttributeKind.Binary && attribute.StructTypeName is not null ? "global::" + spec.Namespace + "." + Identifier(attribute.StructTypeName) : null,
            attribute.StructCName,
            attribute.MultiAttr && shape != AttributeKind.Nest && shape != AttributeKind.Flag,
            attribute.DisplayHint,
            FormatOf(attribute, shape, payload),
            attribute.SubMessage is not null);
    }

    /// <summary>
    /// How a display-hint formats the attribute: bytes by the hint; a big-endian u32 as ipv4 from its
    /// bytes; an integer as hex from its value. Anything else has no formatter.
    /// </summary>
    private static string? FormatOf(AttributeModel attribute, AttributeKind shape, string payload)
    {
        string? method = attribute.DisplayHint switch
        {
            "mac" => "Mac",
            "hex" => "Hex",
            "ipv4" => "IPv4",
            "ipv6" => "IPv6",
            "ipv4-or-v6" => "IPv4OrIPv6",
            "uuid" => "Uuid",
            _ => null,
        };
        if (method is null || attribute.MultiAttr)
        {
            return null;
        }

        if (shape == AttributeKind.Binary)
        {
            return $"global::NetDrop.Netlink.NetlinkDisplayHints.{method}({payload})";
        }

        if (shape == AttributeKind.Fixed && attribute.EnumTypeName is null)
        {
            if (method == "Hex")
            {
                return $"\"0x\" + {PropertyName(attribute)}!.Value.ToString(\"x\", global::System.Globalization.CultureInfo.InvariantCulture)";
            }

            if (method is "IPv4" or "IPv4OrIPv6" && attribute.BigEndian && attribute.Scalar == ScalarType.U32)
            {
                return $"global::NetDrop.Netlink.NetlinkDisplayHints.IPv4({payload})";
            }
        }

        return null;
    }

    // A string's decoding method is Get{name}(): a string attribute named "type" would hide
    // object.GetType() (CS0108), so the names that prefix makes count as clashes too.
    internal static string PropertyName(AttributeModel attribute) =>
        ViewMembers.Contains(attribute.MemberName) ||
        (attribute.Kind == AttributeKind.String && ViewMembers.Contains("Get" + attribute.MemberName))
            ? attribute.MemberName + "Attribute"
            : attribute.MemberName;
}
