namespace NetDrop.Cli.Watch;

/// <summary>
/// One row of the rate table: its drops in total and per second over a sliding window of whole seconds,
/// kept as a ring of per-second counts.
/// </summary>
internal sealed class RateRow
{
    /// <summary>Seconds the recent rate is taken over (plus the second in progress).</summary>
    public const int WindowSeconds = 5;

    private readonly long[] _perSecond = new long[WindowSeconds + 1];
    private long _latestSecond;

    public RateRow(string reason, string function, string iface)
    {
        Reason = reason;
        Function = function;
        Interface = iface;
    }

    public string Reason { get; }

    public string Function { get; }

    public string Interface { get; }

    public long Total { get; private set; }

    public void Add(double elapsedSeconds)
    {
        Advance((long)elapsedSeconds);
        _perSecond[_latestSecond % _perSecond.Length]++;
        Total++;
    }

    /// <summary>Drops per second over the last <see cref="WindowSeconds"/> seconds and the one in progress (less at the start).</summary>
    public double RecentRate(double elapsedSeconds)
    {
        long second = (long)elapsedSeconds;
        Advance(second);
        long sum = 0;
        foreach (long count in _perSecond)
        {
            sum += count;
        }

        double span = System.Math.Min(elapsedSeconds, WindowSeconds + (elapsedSeconds - second));
        return span <= 0 ? 0 : sum / span;
    }

    /// <summary>Moves the ring on to <paramref name="second"/>, clearing the seconds that had no drops.</summary>
    private void Advance(long second)
    {
        if (second <= _latestSecond)
        {
            return;
        }

        long clear = System.Math.Min(second - _latestSecond, _perSecond.Length);
        for (long s = 1; s <= clear; s++)
        {
            _perSecond[(_latestSecond + s) % _perSecond.Length] = 0;
        }

        _latestSecond = second;
    }
}
