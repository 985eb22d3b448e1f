using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Text;
using NetDrop.Files;

namespace NetDrop.Bpf.Btf;

/// <summary>
/// A BTF blob (the kernel's /sys/kernel/btf/vmlinux): its header, type section and string section,
/// indexed by type id, with struct and member lookup by name. Every offset, length and type id is
/// checked when the blob is read, so lookups afterwards cannot run off the data; chains of typedefs
/// and modifiers and nests of anonymous members are walked to a fixed depth, so a cycle is an error,
/// not a hang. Format: Documentation/bpf/btf.rst.
/// </summary>
public sealed class BtfTypes
{
    /// <summary>Chains longer than this (typedef of const of typedef …, arrays of arrays) are taken for cycles.</summary>
    public const int MaxChain = 64;

    /// <summary>Anonymous structs and unions nested deeper than this are taken for cycles.</summary>
    public const int MaxAnonymousDepth = 32;

    /// <summary>Larger files are not BTF of any kernel (vmlinux's is about 6 MiB).</summary>
    public const int MaxFileSize = 256 << 20;

    public const string KernelPath = "/sys/kernel/btf/vmlinux";

    private const ushort Magic = 0xEB9F;
    private const int HeaderSize = 24;
    private const int TypeHeaderSize = 12;
    private const int PointerSize = 8;

    private readonly byte[] _data;
    private readonly int _stringStart;
    private readonly int _stringLength;

    // _offsets[id] is where type id's record starts in _data; id 0 is void and has none.
    private readonly int[] _offsets;

    private BtfTypes(byte[] data, int stringStart, int stringLength, int[] offsets)
    {
        _data = data;
        _stringStart = stringStart;
        _stringLength = stringLength;
        _offsets = offsets;
    }

    /// <summary>Type ids run from 1 to Count - 1; 0 is void.</summary>
    public int Count => _offsets.Length;

    /// <summary>Reads the running kernel's BTF.</summary>
    public static BtfTypes LoadKernel() => Load(KernelPath);

    public static BtfTypes Load(string path)
    {
        byte[] data;
        try
        {
            // The one opener for files named by a user: a regular file only, read with the caller's rights.
            using FileStream stream = SafeFile.OpenInput(path, bufferSize: 1);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[1 << 16];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                // sysfs reports a size that is not the content's: read to the end, bounded.
                if (buffer.Length + read > MaxFileSize)
                {
                    throw new BtfFormatException($"{path} is larger than {MaxFileSize >> 20} MiB: not BTF.");
                }

                buffer.Write(chunk, 0, read);
            }

            data = buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BtfFormatException($"cannot read {path}: {e.Message} (the kernel publishes its BTF there when built with CONFIG_DEBUG_INFO_BTF).");
        }

        try
        {
            return Parse(data);
        }
        catch (BtfFormatException e)
        {
            throw new BtfFormatException($"{path}: {e.Message}");
        }
    }

    /// <summary>Reads a BTF blob; <paramref name="data"/> is kept, not copied, and must not change afterwards.</summary>
    public static BtfTypes Parse(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ReadOnlySpan<byte> span = data;
        if (span.Length < HeaderSize)
        {
            throw new BtfFormatException($"{span.Length} bytes is shorter than a BTF header ({HeaderSize}).");
        }

        ushort magic = BinaryPrimitives.ReadUInt16LittleEndian(span);
        if (magic != Magic)
        {
            throw new BtfFormatException(magic == BinaryPrimitives.ReverseEndianness(Magic)
                ? "the BTF is big-endian; only little-endian BTF is read."
                : $"bad magic 0x{magic:x4} (BTF starts with 0xeb9f).");
        }

        if (span[2] != 1)
        {
            throw new BtfFormatException($"version {span[2]} (only version 1 is known).");
        }

        uint headerLength = Read32(span, 4);
        if (headerLength < HeaderSize || headerLength > (uint)span.Length)
        {
            throw new BtfFormatException($"header length {headerLength} is outside 24..{span.Length}.");
        }

        (int typeStart, int typeLength) = Section(span, headerLength, Read32(span, 8), Read32(span, 12), "type");
        (int stringStart, int stringLength) = Section(span, headerLength, Read32(span, 16), Read32(span, 20), "string");
        if (stringLength == 0 || span[stringStart] != 0 || span[stringStart + stringLength - 1] != 0)
        {
            throw new BtfFormatException("the string section does not start and end with a NUL byte.");
        }

        int[] offsets = IndexTypes(span, typeStart, typeLength, stringLength);
        var types = new BtfTypes(data, stringStart, stringLength, offsets);
        types.CheckReferences();
        return types;
    }

    /// <summary>The kind of type <paramref name="id"/>; void (0) is <see cref="BtfKind.Unknown"/>.</summary>
    public BtfKind Kind(int id) => id == 0 ? BtfKind.Unknown : (BtfKind)((Info(id) >> 24) & 0x1f);

    /// <summary>The type's name as UTF-8 (empty for anonymous types).</summary>
    public ReadOnlySpan<byte> NameBytes(int id) => id == 0 ? default : String(Read32(_data, Record(id)));

    public string Name(int id) => Encoding.UTF8.GetString(NameBytes(id));

    /// <summary>The number of members, enumerators, parameters or variables (vlen).</summary>
    public int Vlen(int id) => id == 0 ? 0 : (int)(Info(id) & 0xffff);

    /// <summary>The struct, union or enum's size in bytes; for a reference kind this word is the referenced type instead.</summary>
    public uint SizeOrType(int id) => id == 0 ? 0 : Read32(_data, Record(id) + 8);

    /// <summary>The first struct (or, failing that, union) named <paramref name="name"/>.</summary>
    public bool TryFindStruct(string name, out int id)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(name);
        int union = 0;
        for (int candidate = 1; candidate < _offsets.Length; candidate++)
        {
            BtfKind kind = Kind(candidate);
            if ((kind == BtfKind.Struct || kind == BtfKind.Union) && NameBytes(candidate).SequenceEqual(utf8))
            {
                if (kind == BtfKind.Struct)
                {
                    id = candidate;
                    return true;
                }

                union = union == 0 ? candidate : union;
            }
        }

        id = union;
        return union != 0;
    }

    /// <summary>
    /// Resolves "struct.member.member…" (e.g. "sock.__sk_common.skc_num") to the member's place in the
    /// outermost struct, looking through anonymous structs and unions, typedefs and modifiers. The path
    /// does not follow pointers: "net_device.nd_net.net" is the pointer's place in net_device.
    /// </summary>
    public BtfMember Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] parts = path.Split('.');
        if (parts.Length < 2 || Array.Exists(parts, string.IsNullOrEmpty))
        {
            throw new ArgumentException($"'{path}' is not a member path (struct.member[.member…]).", nameof(path));
        }

        if (!TryFindStruct(parts[0], out int container))
        {
            throw new BtfLookupException($"the BTF has no struct or union named {parts[0]}.");
        }

        long bitOffset = 0;
        int bitSize = 0;
        int type = container;
        for (int i = 1; i < parts.Length; i++)
        {
            int resolved = SkipQualifiers(type);
            BtfKind kind = Kind(resolved);
            if (kind != BtfKind.Struct && kind != BtfKind.Union)
            {
                throw new BtfLookupException($"{string.Join('.', parts, 0, i)} is {Describe(kind)}, not a struct or union, so it has no member {parts[i]}.");
            }

            if (!TryFindMember(resolved, Encoding.UTF8.GetBytes(parts[i]), 0, out long memberBits, out bitSize, out type))
            {
                throw new BtfLookupException($"{string.Join('.', parts, 0, i)} ({Describe(kind)} {Name(resolved)}) has no member {parts[i]}.");
            }

            bitOffset += memberBits;
        }

        int target = SkipQualifiers(type);
        return new BtfMember(bitOffset, bitSize, SizeOf(target), target, Kind(target));
    }

    /// <summary>The size in bytes of a type, through typedefs, modifiers and arrays.</summary>
    public long SizeOf(int id)
    {
        try
        {
            return SizeOfChecked(id);
        }
        catch (OverflowException)
        {
            throw new BtfFormatException($"type {id}: an array whose size overflows 64 bits.");
        }
    }

    private long SizeOfChecked(int id)
    {
        long multiplier = 1;
        for (int hop = 0; hop < MaxChain; hop++)
        {
            CheckId(id);
            switch (Kind(id))
            {
                case BtfKind.Int:
                case BtfKind.Struct:
                case BtfKind.Union:
                case BtfKind.Enum:
                case BtfKind.Enum64:
                case BtfKind.Float:
                    return checked(multiplier * SizeOrType(id));
                case BtfKind.Pointer:
                    return checked(multiplier * PointerSize);
                case BtfKind.Array:
                    multiplier = checked(multiplier * Read32(_data, Record(id) + TypeHeaderSize + 8));
                    id = (int)Read32(_data, Record(id) + TypeHeaderSize);
                    break;
                case BtfKind.Typedef:
                case BtfKind.Volatile:
                case BtfKind.Const:
                case BtfKind.Restrict:
                case BtfKind.TypeTag:
                    id = (int)SizeOrType(id);
                    break;
                default:
                    throw new BtfLookupException($"type {id} is {Describe(Kind(id))} and has no size.");
            }
        }

        throw new BtfFormatException($"type {id}: a chain of more than {MaxChain} typedefs, modifiers or arrays (a cycle?).");
    }

    /// <summary>Follows typedefs and modifiers (const, volatile, restrict, type tags) to the type they name.</summary>
    public int SkipQualifiers(int id)
    {
        for (int hop = 0; hop < MaxChain; hop++)
        {
            CheckId(id);
            switch (Kind(id))
            {
                case BtfKind.Typedef:
                case BtfKind.Volatile:
                case BtfKind.Const:
                case BtfKind.Restrict:
                case BtfKind.TypeTag:
                    id = (int)SizeOrType(id);
                    break;
                default:
                    return id;
            }
        }

        throw new BtfFormatException($"type {id}: a chain of more than {MaxChain} typedefs or modifiers (a cycle?).");
    }

    private bool TryFindMember(int container, ReadOnlySpan<byte> name, int depth, out long bitOffset, out int bitSize, out int type)
    {
        if (depth > MaxAnonymousDepth)
        {
            throw new BtfFormatException($"type {container}: anonymous members nested deeper than {MaxAnonymousDepth} (a cycle?).");
        }

        int record = Record(container);
        bool kindFlag = (Info(container) & 0x80000000) != 0;
        int count = Vlen(container);
        for (int i = 0; i < count; i++)
        {
            int member = record + TypeHeaderSize + (i * 12);
            uint nameOffset = Read32(_data, member);
            int memberType = (int)Read32(_data, member + 4);
            uint offset = Read32(_data, member + 8);
            long memberBits = kindFlag ? offset & 0xffffff : offset;
            int memberBitSize = kindFlag ? (int)(offset >> 24) : 0;
            if (nameOffset != 0)
            {
                if (String(nameOffset).SequenceEqual(name))
                {
                    bitOffset = memberBits;
                    bitSize = memberBitSize;
                    type = memberType;
                    return true;
                }

                continue;
            }

            // An anonymous struct or union: its members are the container's members.
            int inner = SkipQualifiers(memberType);
            BtfKind innerKind = Kind(inner);
            if ((innerKind == BtfKind.Struct || innerKind == BtfKind.Union)
                && TryFindMember(inner, name, depth + 1, out long innerBits, out bitSize, out type))
            {
                bitOffset = memberBits + innerBits;
                return true;
            }
        }

        bitOffset = 0;
        bitSize = 0;
        type = 0;
        return false;
    }

    private static int[] IndexTypes(ReadOnlySpan<byte> span, int start, int length, int stringLength)
    {
        // Every type takes at least 12 bytes, which bounds the index before it is built.
        var offsets = new int[(length / TypeHeaderSize) + 1];
        int count = 1;
        int position = start;
        int end = start + length;
        while (position < end)
        {
            if (end - position < TypeHeaderSize)
            {
                throw new BtfFormatException($"type {count} at byte {position - start} of the type section is cut off ({end - position} bytes left, a type takes {TypeHeaderSize}).");
            }

            uint nameOffset = Read32(span, position);
            uint info = Read32(span, position + 4);
            if (nameOffset >= (uint)stringLength)
            {
                throw new BtfFormatException($"type {count}: name offset {nameOffset} is past the string section ({stringLength} bytes).");
            }

            var kind = (BtfKind)((info >> 24) & 0x1f);
            long extra = ExtraSize(kind, (int)(info & 0xffff), count);
            if (extra > end - position - TypeHeaderSize)
            {
                throw new BtfFormatException($"type {count} ({Describe(kind)}) needs {extra} bytes after its header, but the type section has {end - position - TypeHeaderSize} left.");
            }

            offsets[count++] = position;
            position += TypeHeaderSize + (int)extra;
        }

        Array.Resize(ref offsets, count);
        return offsets;
    }

    private static long ExtraSize(BtfKind kind, int vlen, int id) => kind switch
    {
        BtfKind.Int or BtfKind.Variable or BtfKind.DeclarationTag => 4,
        BtfKind.Pointer or BtfKind.Forward or BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const
            or BtfKind.Restrict or BtfKind.Function or BtfKind.Float or BtfKind.TypeTag => 0,
        BtfKind.Array => 12,
        BtfKind.Struct or BtfKind.Union or BtfKind.DataSection or BtfKind.Enum64 => 12L * vlen,
        BtfKind.Enum or BtfKind.FunctionPrototype => 8L * vlen,
        _ => throw new BtfFormatException($"type {id} has unknown kind {(int)kind}."),
    };

    // Every type id and name a record holds is checked once here, so the lookups need not.
    private void CheckReferences()
    {
        for (int id = 1; id < _offsets.Length; id++)
        {
            int record = Record(id);
            int extra = record + TypeHeaderSize;
            int vlen = Vlen(id);
            switch (Kind(id))
            {
                case BtfKind.Pointer:
                case BtfKind.Typedef:
                case BtfKind.Volatile:
                case BtfKind.Const:
                case BtfKind.Restrict:
                case BtfKind.Function:
                case BtfKind.Variable:
                case BtfKind.DeclarationTag:
                case BtfKind.TypeTag:
                case BtfKind.FunctionPrototype:
                    Reference(id, SizeOrType(id), "its type");
                    break;
                case BtfKind.Array:
                    Reference(id, Read32(_data, extra), "its element type");
                    Reference(id, Read32(_data, extra + 4), "its index type");
                    break;
            }

            switch (Kind(id))
            {
                case BtfKind.Struct:
                case BtfKind.Union:
                    for (int i = 0; i < vlen; i++)
                    {
                        Name(id, Read32(_data, extra + (i * 12)), i);
                        Reference(id, Read32(_data, extra + (i * 12) + 4), $"member {i}");
                    }

                    break;
                case BtfKind.Enum:
                case BtfKind.FunctionPrototype:
                    for (int i = 0; i < vlen; i++)
                    {
                        Name(id, Read32(_data, extra + (i * 8)), i);
                        if (Kind(id) == BtfKind.FunctionPrototype)
                        {
                            Reference(id, Read32(_data, extra + (i * 8) + 4), $"parameter {i}");
                        }
                    }

                    break;
                case BtfKind.Enum64:
                    for (int i = 0; i < vlen; i++)
                    {
                        Name(id, Read32(_data, extra + (i * 12)), i);
                    }

                    break;
                case BtfKind.DataSection:
                    for (int i = 0; i < vlen; i++)
                    {
                        Reference(id, Read32(_data, extra + (i * 12)), $"variable {i}");
                    }

                    break;
            }
        }
    }

    private void Reference(int id, uint target, string what)
    {
        if (target >= (uint)_offsets.Length)
        {
            throw new BtfFormatException($"type {id} ({Describe(Kind(id))}): {what} is type {target}, but the BTF has only {_offsets.Length - 1} types.");
        }
    }

    private void Name(int id, uint nameOffset, int index)
    {
        if (nameOffset >= (uint)_stringLength)
        {
            throw new BtfFormatException($"type {id} ({Describe(Kind(id))}): entry {index}'s name offset {nameOffset} is past the string section ({_stringLength} bytes).");
        }
    }

    private void CheckId(int id)
    {
        if ((uint)id >= (uint)_offsets.Length)
        {
            throw new BtfLookupException($"type {id} does not exist (the BTF has {_offsets.Length - 1} types).");
        }
    }

    private static (int Start, int Length) Section(ReadOnlySpan<byte> span, uint headerLength, uint offset, uint length, string name)
    {
        ulong start = (ulong)headerLength + offset;
        if (start + length > (ulong)span.Length)
        {
            throw new BtfFormatException($"the {name} section (offset {offset}, {length} bytes) runs past the end of the data ({span.Length} bytes).");
        }

        return ((int)start, (int)length);
    }

    private int Record(int id) => _offsets[id];

    private uint Info(int id) => Read32(_data, Record(id) + 4);

    // Offsets were checked against the string section when the types were indexed; the section ends with NUL.
    private ReadOnlySpan<byte> String(uint offset)
    {
        ReadOnlySpan<byte> rest = _data.AsSpan(_stringStart + (int)offset, _stringLength - (int)offset);
        return rest.Slice(0, rest.IndexOf((byte)0));
    }

    private static uint Read32(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(offset));

    internal static string Describe(BtfKind kind) => kind switch
    {
        BtfKind.Unknown => "void",
        BtfKind.Int => "an int",
        BtfKind.Pointer => "a pointer",
        BtfKind.Array => "an array",
        BtfKind.Struct => "a struct",
        BtfKind.Union => "a union",
        BtfKind.Enum or BtfKind.Enum64 => "an enum",
        BtfKind.Forward => "a forward declaration",
        BtfKind.Typedef => "a typedef",
        BtfKind.Function => "a function",
        BtfKind.FunctionPrototype => "a function prototype",
        BtfKind.Variable => "a variable",
        BtfKind.DataSection => "a data section",
        BtfKind.Float => "a float",
        BtfKind.DeclarationTag => "a declaration tag",
        _ => "a " + kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
