using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NetDrop.Analyzers.Metadata;

/// <summary>A value type the kernel takes or gives for an option; <see cref="Size"/> is -1 when it has no fixed size.</summary>
internal sealed record OptionValue(ITypeSymbol Type, int Size);

/// <summary>A value type that replaces the default on sockets of one PACKET_VERSION.</summary>
internal sealed record VersionedOptionValue(int Version, string VersionName, bool Get, OptionValue Value);

/// <summary>
/// A socket option constant, read from its [SocketOption] and [SocketOptionVersion] attributes. The ring
/// facts (which options create a ring, which the kernel refuses once one exists, which chooses its layout)
/// come from the spec too, so an option added there is ordered without a change here.
/// </summary>
internal sealed record SocketOptionInfo(
    string Name,
    int Level,
    int Number,
    OptionValue? Get,
    OptionValue? Set,
    ImmutableArray<VersionedOptionValue> Versions,
    bool CreatesRing,
    bool MustPrecedeRing,
    bool SelectsRingLayout)
{
    /// <summary>The option a field is, when it carries [SocketOption]; else null.</summary>
    public static SocketOptionInfo? TryCreate(IFieldSymbol field, NetDropSymbols symbols)
    {
        AttributeData? option = NetDropSymbols.Find(field, symbols.SocketOption);
        if (option is not { ConstructorArguments.Length: 2 })
        {
            return null;
        }

        int level = option.ConstructorArguments[0].Value is int l ? l : -1;
        int number = option.ConstructorArguments[1].Value is int n ? n : -1;
        OptionValue? get = Value(option, "GetValueType", "GetSize");
        OptionValue? set = Value(option, "SetValueType", "SetSize");
        var versions = ImmutableArray.CreateBuilder<VersionedOptionValue>();
        foreach (AttributeData attribute in field.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.SocketOptionVersion) || attribute.ConstructorArguments.Length != 4)
            {
                continue;
            }

            if (attribute.ConstructorArguments[0].Value is int version
                && attribute.ConstructorArguments[1].Value is bool isGet
                && attribute.ConstructorArguments[2].Value is ITypeSymbol type
                && attribute.ConstructorArguments[3].Value is int size)
            {
                string name = NetDropSymbols.Named(attribute, "VersionName")?.Value as string ?? "PACKET_VERSION " + version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                versions.Add(new VersionedOptionValue(version, name, isGet, new OptionValue(type, size)));
            }
        }

        return new SocketOptionInfo(
            field.Name,
            level,
            number,
            get,
            set,
            versions.ToImmutable(),
            Flag(option, "CreatesRing"),
            Flag(option, "MustPrecedeRing"),
            Flag(option, "SelectsRingLayout"));
    }

    private static bool Flag(AttributeData attribute, string name) => NetDropSymbols.Named(attribute, name)?.Value is true;

    private static OptionValue? Value(AttributeData attribute, string typeName, string sizeName)
    {
        if (NetDropSymbols.Named(attribute, typeName)?.Value is not ITypeSymbol type)
        {
            return null;
        }

        int size = NetDropSymbols.Named(attribute, sizeName)?.Value is int s ? s : -1;
        return new OptionValue(type, size);
    }
}
