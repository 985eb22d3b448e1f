using System;
using System.IO;
using NetDrop.Tracing;

namespace NetDrop.SystemChecks;

/// <summary>Whether the skb:kfree_skb tracepoint exists, is readable, and carries a drop reason.</summary>
/// <param name="FormatPath">The event's format file, or null when tracefs is not mounted.</param>
/// <param name="Present">The event exists; null when that could not be seen (tracefs not mounted, or not readable).</param>
/// <param name="HasReason">The event records a drop reason (Linux 5.17+); null when the format was not read.</param>
/// <param name="Problem">Why the format could not be read or parsed; null when it was.</param>
public sealed record KfreeSkbAvailability(string? FormatPath, bool? Present, bool? HasReason, string? Problem)
{
    /// <summary>Reads the event's format under <paramref name="tracefs"/>; <paramref name="format"/> is it, parsed, when it could be read.</summary>
    public static KfreeSkbAvailability Probe(string? tracefs, out TraceEventFormat? format)
    {
        format = null;
        if (tracefs is null)
        {
            return new KfreeSkbAvailability(null, null, null, "tracefs is not mounted");
        }

        string path = KfreeSkbFormat.PathUnder(tracefs);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new KfreeSkbAvailability(path, false, null, null);
        }
        catch (UnauthorizedAccessException)
        {
            return new KfreeSkbAvailability(path, null, null, $"{path} cannot be read: permission denied");
        }
        catch (IOException e)
        {
            return new KfreeSkbAvailability(path, null, null, $"{path} cannot be read: {e.Message}");
        }

        try
        {
            format = TraceEventFormat.Parse(text);
        }
        catch (FormatException e)
        {
            return new KfreeSkbAvailability(path, true, null, $"{path} cannot be parsed: {e.Message}");
        }

        return new KfreeSkbAvailability(path, true, format.Field("reason") is not null, null);
    }

    public Finding Assess()
    {
        const string Topic = "skb:kfree_skb";
        return (Present, HasReason) switch
        {
            (true, true) => Finding.Ok(Topic, $"present, with drop reasons ({FormatPath})"),
            (true, false) => Finding.Warning(Topic, $"present, without a reason field ({FormatPath})",
                "drops are shown without reasons; kernels from Linux 5.17 record them"),
            (true, null) => Finding.Warning(Topic, Problem!, "report this format file to NetDrop; the tracepoint source may not read it"),
            (false, _) => Finding.Missing(Topic, $"{FormatPath} does not exist",
                "use a kernel built with CONFIG_TRACING, or one with NET_DM"),
            _ when FormatPath is null => Finding.Missing(Topic, "not checked: tracefs is not mounted", "mount tracefs (see above), then gather the report again (SystemReport.Gather)"),
            _ => Finding.Warning(Topic, "not checked: " + Problem, "run as root: tracefs is readable by root only"),
        };
    }
}
