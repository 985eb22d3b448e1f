namespace NetDrop.SystemChecks;

/// <summary>One line of a <see cref="SystemReport"/>: what was found about one thing, and what to do when it is not ok.</summary>
/// <param name="Topic">What was looked at, e.g. "NET_DM" or "privileges".</param>
/// <param name="Status">Whether NetDrop can use it.</param>
/// <param name="Summary">What was found, in one sentence.</param>
/// <param name="Remedy">What to do about it; null when <paramref name="Status"/> is <see cref="FindingStatus.Ok"/>.</param>
public sealed record Finding(string Topic, FindingStatus Status, string Summary, string? Remedy = null)
{
    public static Finding Ok(string topic, string summary) => new(topic, FindingStatus.Ok, summary);

    public static Finding Warning(string topic, string summary, string remedy) => new(topic, FindingStatus.Warning, summary, remedy);

    public static Finding Missing(string topic, string summary, string remedy) => new(topic, FindingStatus.Missing, summary, remedy);
}
