using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using NetDrop.Generators.Diagnostics;
using NetDrop.Generators.Model;
using NetDrop.Generators.Parsing;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Like System.Text.Json's generator tests: what flows through the incremental pipeline must be
/// plain data with value equality. A symbol, a compilation or a syntax node would pin a whole
/// compilation in the cache and compare by reference, so every step would look modified.
/// </summary>
public sealed class PipelineValueTests
{
    private static readonly Type[] Forbidden =
    {
        typeof(ISymbol), typeof(Compilation), typeof(Location), typeof(SyntaxNode), typeof(SyntaxTree),
        typeof(SemanticModel), typeof(Diagnostic), typeof(AdditionalText),
    };

    [Fact]
    public void Pipeline_values_hold_no_Roslyn_objects_and_compare_by_value()
    {
        HashSet<Type> reachable = Reachable(typeof(SpecFile), typeof(SpecParseResult), typeof(SpecModel), typeof(EquatableArray<DiagnosticInfo>));

        foreach (Type type in reachable)
        {
            Assert.False(Forbidden.Any(forbidden => forbidden.IsAssignableFrom(type)), $"{type} is a Roslyn object.");
            Assert.False(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>), $"{type} compares by reference; use EquatableArray.");
            // (EquatableArray's own T[] is the exception it exists to wrap.)
            // (An enum is a value already: its kinds compare as the numbers they are.)
            if (type.Assembly == typeof(SpecGenerator).Assembly && !type.IsArray && !type.IsEnum)
            {
                Assert.True(typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type), $"{type} has no value equality.");
            }
        }

        // The walk really went through the arrays to the element types.
        Assert.Contains(typeof(AttributeModel), reachable);
        Assert.Contains(typeof(EnumEntryModel), reachable);
        Assert.Contains(typeof(StructMemberModel), reachable);
        Assert.Contains(typeof(VersionedValueTypeModel), reachable);
        Assert.Contains(typeof(SpecLocation), reachable);
        Assert.Contains(typeof(ScalarType), reachable);
        Assert.Contains(typeof(AttributeKind), reachable);
    }

    /// <summary>Every type reachable through properties, fields, generic arguments and array elements.</summary>
    private static HashSet<Type> Reachable(params Type[] roots)
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(roots);
        while (queue.Count > 0)
        {
            Type type = queue.Dequeue();
            if (!seen.Add(type))
            {
                continue;
            }

            if (type.IsArray)
            {
                queue.Enqueue(type.GetElementType()!);
            }

            foreach (Type argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
            {
                queue.Enqueue(argument);
            }

            // Only the generator's own types are opened up; string, int and friends are leaves.
            if (type.Assembly != typeof(SpecGenerator).Assembly || type.IsArray)
            {
                continue;
            }

            const BindingFlags instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            foreach (PropertyInfo property in type.GetProperties(instance).Where(p => p.Name != "EqualityContract" && p.GetIndexParameters().Length == 0))
            {
                queue.Enqueue(property.PropertyType);
            }

            foreach (FieldInfo field in type.GetFields(instance))
            {
                queue.Enqueue(field.FieldType);
            }
        }

        return seen;
    }
}
