using System;
using System.Collections.Generic;
using System.Text;

namespace NetDrop.Tests.Metrics;

/// <summary>
/// Decodes an OTLP ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1) into the data
/// points of its Sum metrics: resource_metrics(1) → scope_metrics(2) → metrics(2) → name(1), sum(7) →
/// data_points(1) → attributes(7), as_int(6); sum.aggregation_temporality(2) is 2 for cumulative.
/// </summary>
internal static class OtlpMetricsRequest
{
    public static List<OtlpMetricPoint> Decode(ReadOnlySpan<byte> request)
    {
        var points = new List<OtlpMetricPoint>();
        var reader = new ProtobufReader(request);
        while (reader.Next())
        {
            if (reader.Field == 1 && reader.WireType == 2)
            {
                ResourceMetrics(reader.ReadBytes(), points);
            }
            else
            {
                reader.Skip();
            }
        }

        return points;
    }

    private static void ResourceMetrics(ReadOnlySpan<byte> data, List<OtlpMetricPoint> points)
    {
        var reader = new ProtobufReader(data);
        while (reader.Next())
        {
            if (reader.Field == 2 && reader.WireType == 2)
            {
                var scope = new ProtobufReader(reader.ReadBytes());
                while (scope.Next())
                {
                    if (scope.Field == 2 && scope.WireType == 2)
                    {
                        Metric(scope.ReadBytes(), points);
                    }
                    else
                    {
                        scope.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void Metric(ReadOnlySpan<byte> data, List<OtlpMetricPoint> points)
    {
        string name = string.Empty;
        var reader = new ProtobufReader(data);
        while (reader.Next())
        {
            if (reader.Field == 1 && reader.WireType == 2)
            {
                name = Encoding.UTF8.GetString(reader.ReadBytes());
            }
            else if (reader.Field == 7 && reader.WireType == 2)
            {
                Sum(name, reader.ReadBytes(), points);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void Sum(string name, ReadOnlySpan<byte> data, List<OtlpMetricPoint> points)
    {
        var pending = new List<(Dictionary<string, string> Attributes, long Value)>();
        bool cumulative = false;
        var reader = new ProtobufReader(data);
        while (reader.Next())
        {
            if (reader.Field == 1 && reader.WireType == 2)
            {
                pending.Add(DataPoint(reader.ReadBytes()));
            }
            else if (reader.Field == 2 && reader.WireType == 0)
            {
                cumulative = reader.ReadVarint() == 2;
            }
            else
            {
                reader.Skip();
            }
        }

        foreach ((Dictionary<string, string> attributes, long value) in pending)
        {
            points.Add(new OtlpMetricPoint(name, attributes, value, cumulative));
        }
    }

    private static (Dictionary<string, string>, long) DataPoint(ReadOnlySpan<byte> data)
    {
        var attributes = new Dictionary<string, string>();
        long value = 0;
        var reader = new ProtobufReader(data);
        while (reader.Next())
        {
            if (reader.Field == 7 && reader.WireType == 2)
            {
                (string key, string text) = KeyValue(reader.ReadBytes());
                attributes[key] = text;
            }
            else if (reader.Field == 6 && reader.WireType == 1)
            {
                value = (long)reader.ReadFixed64();
            }
            else
            {
                reader.Skip();
            }
        }

        return (attributes, value);
    }

    private static (string, string) KeyValue(ReadOnlySpan<byte> data)
    {
        string key = string.Empty;
        string value = string.Empty;
        var reader = new ProtobufReader(data);
        while (reader.Next())
        {
            if (reader.Field == 1 && reader.WireType == 2)
            {
                key = Encoding.UTF8.GetString(reader.ReadBytes());
            }
            else if (reader.Field == 2 && reader.WireType == 2)
            {
                var any = new ProtobufReader(reader.ReadBytes());
                while (any.Next())
                {
                    if (any.Field == 1 && any.WireType == 2)
                    {
                        value = Encoding.UTF8.GetString(any.ReadBytes());
                    }
                    else
                    {
                        any.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return (key, value);
    }
}
