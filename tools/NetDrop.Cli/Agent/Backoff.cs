using System;

namespace NetDrop.Cli.Agent;

/// <summary>
/// How long to wait before opening a failed source again: 1 s, doubling to a cap, back to 1 s once the
/// source has run for a while. A source that keeps failing is retried forever, never faster than the cap
/// allows, so the agent never becomes a crash loop and never hammers the kernel.
/// </summary>
internal sealed class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultCap = TimeSpan.FromSeconds(60);

    /// <summary>How long a source must run before its next failure starts again at <see cref="First"/>.</summary>
    public static readonly TimeSpan Healthy = TimeSpan.FromSeconds(60);

    private readonly TimeSpan _cap;
    private TimeSpan _next = First;

    public Backoff(TimeSpan? cap = null) => _cap = cap ?? DefaultCap;

    /// <summary>The wait before the next attempt; each call doubles the one after, up to the cap.</summary>
    public TimeSpan Next()
    {
        TimeSpan wait = _next;
        _next = _next >= _cap / 2 ? _cap : _next * 2;
        return wait < _cap ? wait : _cap;
    }

    /// <summary>The source ran long enough to count as healthy: the next failure waits <see cref="First"/> again.</summary>
    public void Reset() => _next = First;
}
