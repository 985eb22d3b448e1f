using Microsoft.CodeAnalysis;

namespace NetDrop.Analyzers.Metadata;

/// <summary>A control message constant, read from its [ControlMessage] attribute.</summary>
/// <param name="SizeConstant">
/// The generated constant that holds the payload size, fully qualified, for the code fix: the one of the
/// same name in a nested class of the message's class (PayloadSize.PACKET_AUXDATA), else the payload
/// struct's Size; null when there is neither.
/// </param>
/// <param name="SizeConstantDisplay">The same as code usually writes it (AfPacketControlMessages.PayloadSize.PACKET_AUXDATA).</param>
internal sealed record ControlMessageInfo(string Name, int Level, int Type, ITypeSymbol PayloadType, int PayloadSize, string? SizeConstant, string? SizeConstantDisplay)
{
    public static ControlMessageInfo? TryCreate(IFieldSymbol field, NetDropSymbols symbols)
    {
        AttributeData? attribute = NetDropSymbols.Find(field, symbols.ControlMessage);
        if (attribute is not { ConstructorArguments.Length: 4 }
            || attribute.ConstructorArguments[0].Value is not int level
            || attribute.ConstructorArguments[1].Value is not int type
            || attribute.ConstructorArguments[2].Value is not ITypeSymbol payload
            || attribute.ConstructorArguments[3].Value is not int size)
        {
            return null;
        }

        (string? constant, string? display) = FindSizeConstant(field, payload, size);
        return new ControlMessageInfo(field.Name, level, type, payload, size, constant, display);
    }

    private static (string? Qualified, string? Display) FindSizeConstant(IFieldSymbol field, ITypeSymbol payload, int size)
    {
        foreach (INamedTypeSymbol nested in field.ContainingType.GetTypeMembers())
        {
            foreach (ISymbol member in nested.GetMembers(field.Name))
            {
                if (member is IFieldSymbol { IsConst: true, ConstantValue: int value } && value == size)
                {
                    return (nested.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + field.Name, field.ContainingType.Name + "." + nested.Name + "." + field.Name);
                }
            }
        }

        foreach (ISymbol member in payload.GetMembers("Size"))
        {
            if (member is IFieldSymbol { IsConst: true, ConstantValue: int value } && value == size)
            {
                return (payload.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ".Size", payload.Name + ".Size");
            }
        }

        return (null, null);
    }
}
