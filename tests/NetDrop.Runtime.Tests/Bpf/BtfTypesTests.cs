using System;
using System.Buffers.Binary;
using NetDrop.Bpf.Btf;

namespace NetDrop.Tests.Bpf;

/// <summary>The BTF reader on blobs of known shape: member paths through anonymous members, typedefs and modifiers, bitfields, and every kind of damage.</summary>
public sealed class BtfTypesTests
{
    // struct inner { u16 a; u16 port; };
    // typedef struct { struct inner *p; } wrapped_t;
    // struct outer { u64 first; union { u32 x; struct { u16 pad; const volatile u16 deep; }; }; wrapped_t w; u8 flag:3, other:5; u32 arr[4]; };
    private static (byte[] Blob, int Outer) Sample()
    {
        var b = new BtfBuilder();
        int u8 = b.Int("u8", 1);
        int u16 = b.Int("u16", 2);
        int u32 = b.Int("u32", 4);
        int u64 = b.Int("u64", 8);
        int inner = b.Struct("inner", 4, ("a", u16, 0, 0), ("port", u16, 16, 0));
        int innerPointer = b.Pointer(inner);
        int anonymousWrap = b.Struct("", 8, ("p", innerPointer, 0, 0));
        int wrapped = b.Typedef("wrapped_t", anonymousWrap);
        int deepType = b.Const(b.Volatile(u16));
        int anonymousStruct = b.Struct("", 4, ("pad", u16, 0, 0), ("deep", deepType, 16, 0));
        int anonymousUnion = b.Union("", 4, ("x", u32, 0, 0), ("", anonymousStruct, 0, 0));
        int bits = b.Struct("", 1, ("flag", u8, 0, 3), ("other", u8, 3, 5));
        int index = b.Int("int", 4);
        int array = b.Array(u32, index, 4);
        int outer = b.Struct("outer", 40, ("first", u64, 0, 0), ("", anonymousUnion, 64, 0), ("w", wrapped, 128, 0), ("", bits, 192, 0), ("arr", array, 224, 0));
        return (b.Build(), outer);
    }

    [Fact]
    public void A_member_of_a_nested_anonymous_struct_resolves_to_its_place_in_the_outer_struct()
    {
        BtfTypes btf = BtfTypes.Parse(Sample().Blob);

        BtfMember deep = btf.Resolve("outer.deep");

        Assert.Equal(10, deep.Offset);
        Assert.Equal(2, deep.Size);
        Assert.Equal(BtfKind.Int, deep.Kind);
        Assert.False(deep.IsBitfield);
    }

    [Fact]
    public void A_path_goes_through_a_typedef_of_an_anonymous_struct()
    {
        BtfTypes btf = BtfTypes.Parse(Sample().Blob);

        BtfMember pointer = btf.Resolve("outer.w.p");

        Assert.Equal(16, pointer.Offset);
        Assert.Equal(8, pointer.Size);
        Assert.Equal(BtfKind.Pointer, pointer.Kind);
        Assert.Equal(2, btf.Resolve("inner.port").Offset);
    }

    [Fact]
    public void Bitfields_carry_their_bit_offset_and_width()
    {
        BtfTypes btf = BtfTypes.Parse(Sample().Blob);

        BtfMember other = btf.Resolve("outer.other");

        Assert.Equal(24 * 8 + 3, other.BitOffset);
        Assert.Equal(5, other.BitSize);
        Assert.Equal(24, other.Offset);
        Assert.True(other.IsBitfield);
    }

    [Fact]
    public void An_array_member_is_the_size_of_all_its_elements()
    {
        BtfTypes btf = BtfTypes.Parse(Sample().Blob);

        BtfMember array = btf.Resolve("outer.arr");

        Assert.Equal(28, array.Offset);
        Assert.Equal(16, array.Size);
        Assert.Equal(BtfKind.Array, array.Kind);
    }

    [Fact]
    public void A_missing_struct_or_member_names_what_is_missing()
    {
        BtfTypes btf = BtfTypes.Parse(Sample().Blob);

        Assert.Contains("no struct or union named nothere", Assert.Throws<BtfLookupException>(() => btf.Resolve("nothere.x")).Message);
        Assert.Contains("has no member missing", Assert.Throws<BtfLookupException>(() => btf.Resolve("outer.missing")).Message);
        Assert.Contains("outer.first is an int, not a struct or union", Assert.Throws<BtfLookupException>(() => btf.Resolve("outer.first.x")).Message);
        Assert.Throws<ArgumentException>(() => btf.Resolve("outer"));
        Assert.Throws<ArgumentException>(() => btf.Resolve("outer..deep"));
    }

    [Fact]
    public void Every_kind_is_read()
    {
        var b = new BtfBuilder();
        int i32 = b.Int("int", 4);
        int pointer = b.Pointer(i32);
        b.Array(i32, i32, 2);
        b.Struct("s", 4, ("m", i32, 0, 0));
        b.Union("u", 4, ("m", i32, 0, 0));
        b.Raw("e", 6, 2, 4, b.Name("A"), 0, b.Name("B"), 1);
        b.Raw("fwd", 7, 0, 0);
        b.Typedef("t", i32);
        b.Volatile(i32);
        b.Const(i32);
        b.Raw("", 11, 0, (uint)pointer);
        int function = b.Raw("f", 12, 0, 13);
        b.Raw("", 13, 1, (uint)i32, b.Name("arg"), (uint)i32);
        int variable = b.Raw("v", 14, 0, (uint)i32, 1);
        b.Raw(".data", 15, 1, 4, (uint)variable, 0, 4);
        b.Raw("double", 16, 0, 8);
        b.Raw("tag", 17, 0, (uint)variable, unchecked((uint)-1));
        b.Raw("user", 18, 0, (uint)i32);
        int e64 = b.Raw("e64", 19, 1, 8, b.Name("BIG"), 1, 2);

        BtfTypes btf = BtfTypes.Parse(b.Build());

        Assert.Equal(e64 + 1, btf.Count);
        Assert.Equal(13u, btf.SizeOrType(function));
        for (int id = 1; id < btf.Count; id++)
        {
            Assert.Equal((BtfKind)id, btf.Kind(id));
        }

        Assert.Equal("e64", btf.Name(e64));
        Assert.Equal(8, btf.SizeOf(e64));
    }

    [Fact]
    public void Data_shorter_than_a_header_is_refused()
    {
        Assert.Contains("shorter than a BTF header", Refuse(new byte[10]));
    }

    [Fact]
    public void Bad_magic_is_refused()
    {
        byte[] blob = Sample().Blob;
        blob[0] = 0x7f;

        Assert.Contains("bad magic", Refuse(blob));
    }

    [Fact]
    public void Big_endian_BTF_is_named_as_such()
    {
        byte[] blob = Sample().Blob;
        (blob[0], blob[1]) = (blob[1], blob[0]);

        Assert.Contains("big-endian", Refuse(blob));
    }

    [Fact]
    public void A_truncated_blob_is_refused_naming_the_section()
    {
        byte[] blob = Sample().Blob;

        Assert.Contains("the string section", Refuse(blob.AsSpan(0, blob.Length - 3).ToArray()));
    }

    [Fact]
    public void A_section_length_past_the_end_is_refused()
    {
        byte[] blob = Sample().Blob;
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12), uint.MaxValue);

        Assert.Contains("the type section", Refuse(blob));
    }

    [Fact]
    public void A_type_cut_off_inside_the_type_section_is_refused()
    {
        byte[] blob = Sample().Blob;
        uint typeLength = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12), typeLength - 4);

        Assert.Contains("left", Refuse(blob));
    }

    [Fact]
    public void A_type_id_out_of_range_is_refused()
    {
        var b = new BtfBuilder();
        b.Int("int", 4);
        b.Pointer(99);

        Assert.Contains("type 2 (a pointer): its type is type 99, but the BTF has only 2 types", Refuse(b.Build()));
    }

    [Fact]
    public void A_name_past_the_string_section_is_refused()
    {
        var b = new BtfBuilder();
        b.Raw("", 1, 0, 4, 32);
        byte[] blob = b.Build();
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(24), 5000);

        Assert.Contains("name offset 5000 is past the string section", Refuse(blob));
    }

    [Fact]
    public void An_unknown_kind_is_refused()
    {
        var b = new BtfBuilder();
        b.Raw("", 31, 0, 0);

        Assert.Contains("unknown kind 31", Refuse(b.Build()));
    }

    [Fact]
    public void A_member_count_past_the_section_is_refused()
    {
        var b = new BtfBuilder();
        int i32 = b.Int("int", 4);
        b.Raw("s", 4, 0xffff, 4, b.Name("m"), (uint)i32, 0);

        Assert.Contains("needs 786420 bytes after its header", Refuse(b.Build()));
    }

    [Fact]
    public void A_typedef_cycle_is_an_error_not_a_hang()
    {
        var b = new BtfBuilder();
        int first = b.Typedef("a", 2);
        b.Typedef("b", first);
        b.Struct("holder", 4, ("m", first, 0, 0));
        BtfTypes btf = BtfTypes.Parse(b.Build());

        Assert.Contains("a cycle?", Assert.Throws<BtfFormatException>(() => btf.Resolve("holder.m")).Message);
        Assert.Contains("a cycle?", Assert.Throws<BtfFormatException>(() => btf.SizeOf(first)).Message);
    }

    [Fact]
    public void A_struct_that_contains_itself_anonymously_is_an_error_not_a_hang()
    {
        var b = new BtfBuilder();
        b.Struct("loop", 4, ("", 1, 0, 0));
        BtfTypes btf = BtfTypes.Parse(b.Build());

        Assert.Contains("anonymous members nested deeper than 32", Assert.Throws<BtfFormatException>(() => btf.Resolve("loop.x")).Message);
    }

    [Fact]
    public void An_array_whose_size_overflows_is_an_error()
    {
        var b = new BtfBuilder();
        int u64 = b.Int("u64", 8);
        int inner = b.Array(u64, u64, int.MaxValue);
        int outer = b.Array(inner, u64, int.MaxValue);
        int huge = b.Array(outer, u64, int.MaxValue);
        BtfTypes btf = BtfTypes.Parse(b.Build());

        Assert.Contains("overflows 64 bits", Assert.Throws<BtfFormatException>(() => btf.SizeOf(huge)).Message);
        Assert.Equal(8L * int.MaxValue, btf.SizeOf(inner));
    }

    private static string Refuse(byte[] blob) => Assert.Throws<BtfFormatException>(() => BtfTypes.Parse(blob)).Message;
}
