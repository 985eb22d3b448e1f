using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NetDrop.Cli.Agent;

/// <summary>
/// The agent's HTTP endpoint for Prometheus: GET /metrics (the text format) and GET /healthz, nothing
/// else. A small server of its own rather than HttpListener: a request is at most 8 KiB of headers read
/// within 5 s, at most 8 connections are served at once, the path must be exactly one of the two (no
/// decoding, no query, no files), any other method gets 405, and every connection is closed after one answer.
/// </summary>
internal sealed class MetricsHttpServer : IDisposable
{
    public const int MaxRequestBytes = 8 * 1024;

    public const int MaxConnections = 8;

    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly Action<Stream> _writeMetrics;
    private readonly Func<(bool Healthy, string Text)> _health;
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private MetricsHttpServer(Socket socket, Action<Stream> writeMetrics, Func<(bool Healthy, string Text)> health)
    {
        _socket = socket;
        _writeMetrics = writeMetrics;
        _health = health;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Where it listens (the port the kernel chose, when 0 was asked for).</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <exception cref="SocketException">The address cannot be bound (in use, not this host's, a port below 1024 without CAP_NET_BIND_SERVICE).</exception>
    public static MetricsHttpServer Start(IPEndPoint endPoint, Action<Stream> writeMetrics, Func<(bool Healthy, string Text)> health)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endPoint);
            socket.Listen(16);
            return new MetricsHttpServer(socket, writeMetrics, health);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the socket; how it ended does not matter at shutdown.
        }
    }

    /// <summary>What a request asks for; null when it is not one this server answers (the status says why).</summary>
    internal static (string? Path, int Status) ParseRequestLine(ReadOnlySpan<byte> request)
    {
        int end = request.IndexOf((byte)'\n');
        if (end < 0)
        {
            return (null, 400);
        }

        string line = Encoding.ASCII.GetString(request[..end]).TrimEnd('\r');
        string[] parts = line.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return (null, 400);
        }

        if (parts[0] != "GET")
        {
            return (null, 405);
        }

        return parts[1] is "/metrics" or "/healthz" ? (parts[1], 200) : (null, 404);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                // A connection reset before it was accepted, or out of descriptors for a moment: keep serving.
                await Task.Delay(50).ConfigureAwait(false);
                continue;
            }

            if (!_slots.Wait(0))
            {
                // Busy: answered at once rather than queued, so slow clients cannot pile up memory.
                _ = AnswerAndCloseAsync(client, 503, "text/plain; charset=utf-8", "busy\n"u8.ToArray());
                continue;
            }

            _ = ServeAndReleaseAsync(client);
        }
    }

    private async Task ServeAndReleaseAsync(Socket client)
    {
        try
        {
            await ServeAsync(client).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task ServeAsync(Socket client)
    {
        byte[] request = new byte[MaxRequestBytes];
        int length = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            while (request.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0 && request.AsSpan(0, length).IndexOf("\n\n"u8) < 0)
            {
                if (length == request.Length)
                {
                    await AnswerAndCloseAsync(client, 431, "text/plain; charset=utf-8", "request headers too large\n"u8.ToArray()).ConfigureAwait(false);
                    return;
                }

                int read = await client.ReceiveAsync(request.AsMemory(length), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    Close(client);
                    return;
                }

                length += read;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            Close(client);
            return;
        }

        (string? path, int status) = ParseRequestLine(request.AsSpan(0, length));
        if (path == "/metrics")
        {
            var body = new MemoryStream();
            _writeMetrics(body);
            await AnswerAndCloseAsync(client, 200, PrometheusText.ContentType, body.ToArray()).ConfigureAwait(false);
        }
        else if (path == "/healthz")
        {
            (bool healthy, string text) = _health();
            await AnswerAndCloseAsync(client, healthy ? 200 : 503, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text + "\n")).ConfigureAwait(false);
        }
        else
        {
            string reason = status switch
            {
                405 => "only GET is served\n",
                404 => "not found: the paths are /metrics and /healthz\n",
                _ => "bad request\n",
            };
            await AnswerAndCloseAsync(client, status, "text/plain; charset=utf-8", Encoding.ASCII.GetBytes(reason)).ConfigureAwait(false);
        }
    }

    private async Task AnswerAndCloseAsync(Socket client, int status, string contentType, byte[] body)
    {
        try
        {
            string head = string.Create(CultureInfo.InvariantCulture,
                $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n{(status == 405 ? "Allow: GET\r\n" : "")}\r\n");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(RequestTimeout);
            await client.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            for (int sent = 0; sent < body.Length;)
            {
                sent += await client.SendAsync(body.AsMemory(sent), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away or was too slow to take the answer: nothing more to do for it.
        }
        finally
        {
            Close(client);
        }
    }

    private static void Close(Socket client)
    {
        try
        {
            client.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        client.Dispose();
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
}
