using System;
using System.Collections.Generic;

namespace NetDrop.Cli.Agent;

/// <summary>
/// The labels every series the agent publishes carries, so a fleet view can be sliced by machine: the
/// host name, and in Kubernetes the node and pod the downward API puts in NODE_NAME and POD_NAME.
/// </summary>
internal sealed class HostLabels
{
    /// <summary>Longest value taken from the environment; a longer one is cut (it is a label, not a document).</summary>
    private const int MaxLength = 253;

    private HostLabels(IReadOnlyList<KeyValuePair<string, string>> labels) => Labels = labels;

    /// <summary>host, then node and pod when set; Prometheus names (OTLP resource names are in <see cref="AgentOtlpExport"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    public string Host => Labels[0].Value;

    public string? Node => Find("node");

    public string? Pod => Find("pod");

    public static HostLabels FromEnvironment() => From(Environment.MachineName, Environment.GetEnvironmentVariable("NODE_NAME"), Environment.GetEnvironmentVariable("POD_NAME"));

    public static HostLabels From(string host, string? node, string? pod)
    {
        var labels = new List<KeyValuePair<string, string>> { new("host", Clean(host)) };
        if (!string.IsNullOrWhiteSpace(node))
        {
            labels.Add(new("node", Clean(node)));
        }

        if (!string.IsNullOrWhiteSpace(pod))
        {
            labels.Add(new("pod", Clean(pod)));
        }

        return new HostLabels(labels);
    }

    private string? Find(string name)
    {
        foreach (KeyValuePair<string, string> label in Labels)
        {
            if (label.Key == name)
            {
                return label.Value;
            }
        }

        return null;
    }

    // The environment is the operator's, but a label value goes into every scrape and log line: no control characters.
    private static string Clean(string value)
    {
        string trimmed = value.Trim();
        return TerminalText.Escape(trimmed.Length > MaxLength ? trimmed[..MaxLength] : trimmed);
    }
}
