using System.Collections.Generic;
using System.Linq;

namespace NetDrop.Tests.Metrics;

/// <summary>One data point of a Sum metric, as an OTLP request carried it.</summary>
internal sealed record OtlpMetricPoint(string Metric, IReadOnlyDictionary<string, string> Attributes, long Value, bool Cumulative)
{
    public string Label(string key) => Attributes.TryGetValue(key, out string? value) ? value : "(none)";

    public override string ToString() =>
        $"{Metric} {{{string.Join(", ", Attributes.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}"))}}} = {Value}";
}
