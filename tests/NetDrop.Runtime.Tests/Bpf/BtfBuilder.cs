using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NetDrop.Tests.Bpf;

/// <summary>Writes small BTF blobs type by type, for tests that need exact shapes (and damaged ones).</summary>
internal sealed class BtfBuilder
{
    private readonly MemoryStream _types = new();
    private readonly MemoryStream _strings = new();
    private readonly Dictionary<string, uint> _names = new();
    private int _next = 1;

    public BtfBuilder() => _strings.WriteByte(0);

    public int Int(string name, int bytes) => Add(name, 1, 0, false, (uint)bytes, (uint)(bytes * 8));

    public int Pointer(int target) => Add("", 2, 0, false, (uint)target);

    public int Array(int element, int index, int count)
    {
        int id = Add("", 3, 0, false, 0);
        Word((uint)element);
        Word((uint)index);
        Word((uint)count);
        return id;
    }

    public int Typedef(string name, int target) => Add(name, 8, 0, false, (uint)target);

    public int Const(int target) => Add("", 10, 0, false, (uint)target);

    public int Volatile(int target) => Add("", 9, 0, false, (uint)target);

    /// <summary>A struct (or union); members are (name, type, bit offset, bitfield size); a bitfield size sets kind_flag.</summary>
    public int Struct(string name, int size, params (string Name, int Type, int BitOffset, int BitSize)[] members) =>
        Aggregate(4, name, size, members);

    public int Union(string name, int size, params (string Name, int Type, int BitOffset, int BitSize)[] members) =>
        Aggregate(5, name, size, members);

    /// <summary>A type's raw record, for kinds the builder has no method for.</summary>
    public int Raw(string name, int kind, int vlen, uint sizeOrType, params uint[] extra)
    {
        int id = Add(name, kind, vlen, false, sizeOrType);
        foreach (uint word in extra)
        {
            Word(word);
        }

        return id;
    }

    public uint Name(string name)
    {
        if (name.Length == 0)
        {
            return 0;
        }

        if (!_names.TryGetValue(name, out uint offset))
        {
            offset = (uint)_strings.Length;
            _strings.Write(Encoding.UTF8.GetBytes(name));
            _strings.WriteByte(0);
            _names[name] = offset;
        }

        return offset;
    }

    public byte[] Build()
    {
        byte[] types = _types.ToArray();
        byte[] strings = _strings.ToArray();
        byte[] blob = new byte[24 + types.Length + strings.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(blob, 0xEB9F);
        blob[2] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), 24);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12), (uint)types.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(16), (uint)types.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(20), (uint)strings.Length);
        types.CopyTo(blob, 24);
        strings.CopyTo(blob, 24 + types.Length);
        return blob;
    }

    private int Aggregate(int kind, string name, int size, (string Name, int Type, int BitOffset, int BitSize)[] members)
    {
        bool kindFlag = System.Array.Exists(members, m => m.BitSize != 0);
        int id = Add(name, kind, members.Length, kindFlag, (uint)size);
        foreach ((string memberName, int type, int bitOffset, int bitSize) in members)
        {
            Word(Name(memberName));
            Word((uint)type);
            Word(kindFlag ? ((uint)bitSize << 24) | (uint)bitOffset : (uint)bitOffset);
        }

        return id;
    }

    private int Add(string name, int kind, int vlen, bool kindFlag, uint sizeOrType, uint? intEncoding = null)
    {
        Word(Name(name));
        Word(((uint)kind << 24) | (uint)vlen | (kindFlag ? 0x80000000u : 0));
        Word(sizeOrType);
        if (intEncoding is uint bits)
        {
            Word(bits);
        }

        return _next++;
    }

    private void Word(uint value)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, value);
        _types.Write(word);
    }
}
