namespace NetDrop.Bpf.Asm;

/// <summary>The kernel helpers NetDrop's programs call, by their number in include/uapi/linux/bpf.h (stable across kernels).</summary>
public enum BpfHelper
{
    MapLookupElement = 1,
    KtimeGetNanoseconds = 5,
    GetSmpProcessorId = 8,
    GetCurrentPidTgid = 14,
    GetCurrentComm = 16,
    GetStack = 67,
    ProbeReadKernel = 113,
    RingBufferReserve = 131,
    RingBufferSubmit = 132,
    RingBufferDiscard = 133,
    RingBufferQuery = 134,
}
