using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace NetDrop.Tests.Metrics;

/// <summary>
/// An OTLP/HTTP metrics receiver on loopback, standing in for an OpenTelemetry Collector (none is on
/// the package mirror or in Debian): it takes POST /v1/metrics, answers 200, and keeps each request's points.
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly List<List<OtlpMetricPoint>> _requests = new();
    private readonly List<string> _problems = new();

    public OtlpReceiver()
    {
        _listener = Listen(out int port);
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>The points of the newest request (cumulative counters: it holds the totals).</summary>
    public IReadOnlyList<OtlpMetricPoint> Latest
    {
        get
        {
            lock (_requests)
            {
                return _requests.Count == 0 ? Array.Empty<OtlpMetricPoint>() : _requests[^1];
            }
        }
    }

    public int RequestCount
    {
        get
        {
            lock (_requests)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>Requests that were not what an OTLP/HTTP exporter sends (wrong path, method or type).</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_requests)
            {
                return _problems.ToArray();
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private static HttpListener Listen(out int port)
    {
        // A free port from the kernel; another process could take it before HttpListener binds, so retry.
        for (int attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return listener;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (_requests)
            {
                if (context.Request.HttpMethod != "POST" || context.Request.Url?.AbsolutePath != "/v1/metrics" || context.Request.ContentType != "application/x-protobuf")
                {
                    _problems.Add($"{context.Request.HttpMethod} {context.Request.Url?.AbsolutePath} ({context.Request.ContentType})");
                }
                else
                {
                    _requests.Add(OtlpMetricsRequest.Decode(body.ToArray()));
                }
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
