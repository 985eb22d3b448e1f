using System.IO;

namespace NetDrop.Tracing;

/// <summary>Where the skb:kfree_skb event's format file is under a tracefs mount, and reading it.</summary>
public static class KfreeSkbFormat
{
    /// <summary>The event's directory under the tracefs mount.</summary>
    public const string EventPath = "events/skb/kfree_skb";

    /// <summary>The format file under <paramref name="tracefs"/>.</summary>
    public static string PathUnder(string tracefs) => Path.Combine(tracefs, EventPath, "format");

    /// <summary>
    /// Reads and parses the format under <paramref name="tracefs"/>. Throws <see cref="IOException"/>,
    /// <see cref="System.UnauthorizedAccessException"/> (tracefs is readable by root only) or
    /// <see cref="System.FormatException"/>.
    /// </summary>
    public static TraceEventFormat Read(string tracefs) => TraceEventFormat.Parse(File.ReadAllText(PathUnder(tracefs)));
}
