namespace NetDrop.Cli.Watch;

/// <summary>
/// Where the watch loop sends each drop that passed the filter: the rate table, packet lines, JSON
/// lines, and later a pcapng file. The loop feeds every sink the same drops in the same order.
/// </summary>
internal interface IDropSink
{
    void Write(in WatchedDrop drop);

    /// <summary>The loop has read all it could for now: push buffered output out.</summary>
    void Flush();
}
