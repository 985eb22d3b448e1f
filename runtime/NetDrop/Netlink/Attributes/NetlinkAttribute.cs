using System;

namespace NetDrop.Netlink;

/// <summary>One netlink attribute (struct nlattr): its type and payload, viewed in place.</summary>
public readonly ref struct NetlinkAttribute
{
    /// <summary>Bit set on attributes that hold nested attributes.</summary>
    public const ushort NestedFlag = 0x8000;

    /// <summary>Bit set on attributes whose payload is in network byte order.</summary>
    public const ushort NetByteOrderFlag = 0x4000;

    /// <summary>The 4-byte nlattr header.</summary>
    public const int HeaderSize = 4;

    public NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> payload, int offset)
    {
        RawType = rawType;
        Payload = payload;
        Offset = offset;
    }

    /// <summary>The type with the nested and byte-order flags masked off.</summary>
    public ushort Type => (ushort)(RawType & ~(NestedFlag | NetByteOrderFlag));

    /// <summary>The type as the kernel wrote it, flags included.</summary>
    public ushort RawType { get; }

    public bool IsNested => (RawType & NestedFlag) != 0;

    public bool IsNetByteOrder => (RawType & NetByteOrderFlag) != 0;

    /// <summary>The payload, without the header and without trailing alignment padding.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Where the attribute's header starts, relative to the start of the outermost buffer walked.</summary>
    public int Offset { get; }

    /// <summary>Rounds a length up to the 4-byte alignment netlink uses between attributes and messages.</summary>
    public static int Align(int length) => (length + 3) & ~3;
}
