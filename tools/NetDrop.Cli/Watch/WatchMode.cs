namespace NetDrop.Cli.Watch;

/// <summary>How netdrop watch shows drops.</summary>
internal enum WatchMode
{
    /// <summary>Counts and rates grouped by reason, function and interface.</summary>
    Table,

    /// <summary>One line per dropped packet.</summary>
    Packet,
}
