using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetDrop.Cli.Agent;

/// <summary>
/// Prometheus's text exposition format (version 0.0.4): "netdrop.drops" becomes netdrop_drops_total (a
/// counter) with its HELP and TYPE lines, every series with the host labels first. Label values are
/// escaped as the format says (backslash, double quote, newline), so no kernel or interface name can
/// break a line or forge a series.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public const string UnexportedName = "netdrop_unexported_measurements_total";

    public static void Write(Stream output, IReadOnlyList<PrometheusCollector.Series> series, HostLabels host, long unexported)
    {
        var text = new StringBuilder(4096);
        var written = new HashSet<Instrument>();
        for (int i = 0; i < series.Count; i++)
        {
            Instrument instrument = series[i].Key.Instrument;
            if (!written.Add(instrument))
            {
                continue;
            }

            string name = Name(instrument.Name, series[i].IsCounter);
            text.Append("# HELP ").Append(name).Append(' ');
            AppendHelp(text, instrument.Description ?? instrument.Name);
            text.Append('\n').Append("# TYPE ").Append(name).Append(series[i].IsCounter ? " counter\n" : " gauge\n");
            for (int j = i; j < series.Count; j++)
            {
                if (ReferenceEquals(series[j].Key.Instrument, instrument))
                {
                    AppendSample(text, name, host, series[j]);
                }
            }
        }

        text.Append("# HELP ").Append(UnexportedName).Append(" Measurements not published because the agent already holds its maximum number of series.\n");
        text.Append("# TYPE ").Append(UnexportedName).Append(" counter\n").Append(UnexportedName);
        AppendLabels(text, host, null);
        text.Append(' ').Append(unexported.ToString(CultureInfo.InvariantCulture)).Append('\n');
        output.Write(new UTF8Encoding(false).GetBytes(text.ToString()));
    }

    /// <summary>A metric name Prometheus accepts: [a-zA-Z_:][a-zA-Z0-9_:]*, counters ending in _total.</summary>
    public static string Name(string instrument, bool counter)
    {
        var name = new StringBuilder(instrument.Length + 6);
        foreach (char c in instrument)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            name.Insert(0, '_');
        }

        return counter && !instrument.EndsWith("_total", System.StringComparison.Ordinal) ? name.Append("_total").ToString() : name.ToString();
    }

    private static void AppendSample(StringBuilder text, string name, HostLabels host, PrometheusCollector.Series series)
    {
        text.Append(name);
        AppendLabels(text, host, series);
        text.Append(' ').Append(series.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void AppendLabels(StringBuilder text, HostLabels host, PrometheusCollector.Series? series)
    {
        text.Append('{');
        bool first = true;
        foreach (KeyValuePair<string, string> label in host.Labels)
        {
            AppendLabel(text, ref first, label.Key, label.Value);
        }

        if (series is not null)
        {
            for (int i = 0; i < series.LabelNames.Length; i++)
            {
                AppendLabel(text, ref first, Name(series.LabelNames[i], counter: false), series.Key.Value(i) ?? "");
            }
        }

        text.Append('}');
    }

    private static void AppendLabel(StringBuilder text, ref bool first, string name, string value)
    {
        if (!first)
        {
            text.Append(',');
        }

        first = false;
        text.Append(name).Append("=\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '"':
                    text.Append("\\\"");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }

    private static void AppendHelp(StringBuilder text, string help)
    {
        foreach (char c in help)
        {
            if (c == '\\')
            {
                text.Append(@"\\");
            }
            else if (c == '\n')
            {
                text.Append(@"\n");
            }
            else
            {
                text.Append(c);
            }
        }
    }
}
