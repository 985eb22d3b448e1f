using System;

namespace NetDrop.Bpf;

/// <summary>Receives ring-buffer records in place, valid only during the call. A struct handler keeps reading free of allocations and virtual calls.</summary>
public interface IRingBufferHandler
{
    void OnRecord(ReadOnlySpan<byte> record);
}
