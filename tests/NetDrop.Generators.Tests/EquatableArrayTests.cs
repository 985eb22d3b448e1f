using System.Collections.Immutable;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NetDrop.Generators.Model;

namespace NetDrop.Generators.Tests;

public sealed class EquatableArrayTests
{
    [Fact]
    public void Arrays_with_equal_items_are_equal()
    {
        var left = new EquatableArray<string>(new[] { "a", "b" });
        var right = new EquatableArray<string>(new[] { "a", "b" });

        Assert.True(left.Equals(right));
        Assert.True(left.Equals((object)right));
        Assert.True(left == right);
        Assert.False(left != right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Fact]
    public void Order_and_length_matter()
    {
        var ab = new EquatableArray<string>(new[] { "a", "b" });

        Assert.NotEqual(ab, new EquatableArray<string>(new[] { "b", "a" }));
        Assert.NotEqual(ab, new EquatableArray<string>(new[] { "a" }));
        Assert.NotEqual(ab, new EquatableArray<string>(new[] { "a", "b", "c" }));
        Assert.False(ab.Equals("not an array"));
    }

    [Fact]
    public void Default_is_empty()
    {
        EquatableArray<int> none = default;

        Assert.Equal(0, none.Count);
        Assert.Empty(none);
        Assert.Equal(EquatableArray<int>.Empty, none);
        Assert.Equal(EquatableArray<int>.Empty.GetHashCode(), none.GetHashCode());
        Assert.Equal(EquatableArray<int>.Empty, default(ImmutableArray<int>).ToEquatableArray());
    }

    [Fact]
    public void Null_items_are_allowed()
    {
        var left = new EquatableArray<string>(new string[] { null!, "x" });
        var right = new EquatableArray<string>(new string[] { null!, "x" });

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Fact]
    public void Indexer_count_and_enumeration_follow_the_items()
    {
        EquatableArray<int> array = ImmutableArray.Create(3, 1, 2).ToEquatableArray();

        Assert.Equal(3, array.Count);
        Assert.Equal(1, array[1]);
        Assert.Equal(new[] { 3, 1, 2 }, array.ToArray());
    }

    [Fact]
    public void Records_holding_arrays_compare_by_contents()
    {
        EnumModel Build() => new()
        {
            SpecName = "mode",
            TypeName = "Mode",
            UnderlyingType = "int",
            Entries = new[] { new EnumEntryModel { SpecName = "fast", MemberName = "Fast", CName = "TEST_MODE_FAST", Value = 0, Doc = "Quick." } }.ToEquatableArray(),
        };

        EnumModel first = Build();
        EnumModel second = Build();

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, second with { Entries = EquatableArray<EnumEntryModel>.Empty });
    }

    [Fact]
    public void Equality_is_sequence_equality()
    {
        Prop.ForAll<int[], int[]>((left, right) =>
                new EquatableArray<int>(left).Equals(new EquatableArray<int>(right)) == left.SequenceEqual(right))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Copies_are_equal_with_equal_hash_codes()
    {
        Prop.ForAll<string[]>(items =>
            {
                var original = new EquatableArray<string>(items);
                var copy = new EquatableArray<string>((string[])items.Clone());
                return original == copy && original.GetHashCode() == copy.GetHashCode();
            })
            .QuickCheckThrowOnFailure();
    }
}
