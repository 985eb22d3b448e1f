using System;
using NetDrop.Metadata;

namespace NetDrop.Interop;

/// <summary>
/// A socket whose options can be set and read: what the typed accessors generated from a spec's
/// <c>socket-options</c> (e.g. <c>AfPacketSocketOptionAccessors.SetVersion</c>) call. Implementations
/// pass the value's bytes to setsockopt/getsockopt as they are (values are blittable kernel structs or
/// scalars) and throw an exception that names the option (optionName, its C name) and the errno on failure.
/// </summary>
public interface ISocketOptions
{
    /// <summary>setsockopt with a blittable value of exactly the size the kernel expects.</summary>
    [SocketOptionSetter("name", "value", LevelParameter = "level")]
    void SetOption<T>(int level, int name, string optionName, in T value)
        where T : unmanaged;

    /// <summary>setsockopt with a value whose length varies (e.g. PACKET_FANOUT_DATA, a BPF program).</summary>
    [SocketOptionSetter("name", "value", LevelParameter = "level")]
    void SetOption(int level, int name, string optionName, ReadOnlySpan<byte> value);

    /// <summary>getsockopt into a blittable value; the kernel must fill all of it.</summary>
    [SocketOptionGetter("name", "value", LevelParameter = "level")]
    void GetOption<T>(int level, int name, string optionName, out T value)
        where T : unmanaged;

    /// <summary>
    /// getsockopt that hands the kernel <paramref name="value"/> and takes back its answer in the same
    /// bytes, for options that read the caller's value in (PACKET_HDRLEN reads a version and answers
    /// with that version's header length); the kernel must fill all of it.
    /// </summary>
    [SocketOptionGetter("name", "value", LevelParameter = "level")]
    void ExchangeOption<T>(int level, int name, string optionName, ref T value)
        where T : unmanaged;
}
