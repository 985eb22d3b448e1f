using System;

namespace NetDrop.Cli.Read;

/// <summary>
/// Receives the fields of one decoded message. One describer walks each message kind once and the
/// sinks decide the form (key=value text, or a JSON object), so the two outputs cannot drift apart.
/// </summary>
internal interface IMessageSink
{
    void BeginMessage(int frame, long timeNanoseconds, bool fromKernel, string family, string command);

    void Text(string name, string value);

    void Text(string name, ReadOnlySpan<byte> utf8);

    void Number(string name, ulong value);

    /// <summary>A number better read in hex (addresses, protocols, family ids).</summary>
    void Hex(string name, ulong value, int digits);

    void Flag(string name);

    void Time(string name, long unixNanoseconds);

    /// <summary>Raw bytes; the text form shows only their length.</summary>
    void Bytes(string name, ReadOnlySpan<byte> data);

    /// <summary>One location of a summary alert: its address only when asked for (--kernel-addresses), its symbol when known.</summary>
    void DropPoint(ulong? programCounter, uint count, string? symbol);

    /// <summary>Something wrong with the message; it is still shown with what could be read.</summary>
    void Problem(string problem);

    void EndMessage();
}
