using NetDrop.Tracing;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// Counts the records that are the load's drops (its reason and protocol): the kernel filter already
/// selects only those, so <see cref="Other"/> should stay 0; it is checked, not assumed. A struct, so
/// the source calls it directly and nothing is allocated per record.
/// </summary>
internal struct LoadCountingHandler : IKfreeSkbHandler
{
    private readonly uint _reason;
    private readonly ushort _protocol;

    public LoadCountingHandler(uint reason, ushort protocol)
    {
        _reason = reason;
        _protocol = protocol;
        Matching = 0;
        Other = 0;
    }

    public long Matching { get; private set; }

    public long Other { get; private set; }

    public void OnDrop(in KfreeSkbRecord record)
    {
        if (record.ReasonNumber == _reason && record.Protocol == _protocol)
        {
            Matching++;
        }
        else
        {
            Other++;
        }
    }
}
