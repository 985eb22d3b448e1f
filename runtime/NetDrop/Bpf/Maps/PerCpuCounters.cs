using System;
using System.Buffers.Binary;
using NetDrop.Interop;

namespace NetDrop.Bpf;

/// <summary>
/// A BPF_MAP_TYPE_PERCPU_ARRAY of u64 counters: the program adds to its own CPU's slot without atomics,
/// and reading sums the slots of every possible CPU.
/// </summary>
public sealed class PerCpuCounters : IDisposable
{
    private readonly byte[] _values;

    private PerCpuCounters(FileDescriptor fd, int count, int cpus)
    {
        Descriptor = fd;
        Count = count;
        _values = new byte[cpus * sizeof(ulong)];
    }

    public int Count { get; }

    internal FileDescriptor Descriptor { get; }

    /// <summary>The map's descriptor number, for a program's map load.</summary>
    public int Fd => Descriptor.Value;

    public static PerCpuCounters Create(string name, int count)
    {
        int cpus = PossibleCpus.Count();
        return new PerCpuCounters(BpfSyscall.CreateMap(BpfMapType.PerCpuArray, sizeof(uint), sizeof(ulong), count, name), count, cpus);
    }

    /// <summary>Counter <paramref name="index"/> summed over every CPU.</summary>
    public ulong Sum(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        Span<byte> key = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(key, (uint)index);
        lock (_values)
        {
            BpfSyscall.Lookup(Descriptor, key, _values);
            ulong sum = 0;
            for (int i = 0; i < _values.Length; i += sizeof(ulong))
            {
                sum += BinaryPrimitives.ReadUInt64LittleEndian(_values.AsSpan(i));
            }

            return sum;
        }
    }

    public void Dispose() => Descriptor.Dispose();
}
