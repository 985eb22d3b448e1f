using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;

using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Metrics;

/// <summary>
/// A collector URL with a user and token in it (http://user:token@host) is used, but the token never
/// appears in what netdrop prints: not when the collector is unreachable, not when the URL is refused.
/// Only 127.0.0.1, on a port nothing listens on.
/// </summary>
[Trait("Needs", "live-kernel")]
[Collection(nameof(LiveKernelCollection))]
public sealed class OtlpCredentialTests
{
    private const string Token = "nd-s3cr3t-t0ken";

    [LiveKernelFact]
    public void An_unreachable_collectors_token_is_never_printed()
    {
        string endpoint = $"http://user:{Token}@127.0.0.1:{ClosedPort()}?api-key={Token}";
        (int exit, NetdropProcess run) = NetdropProcess.Run(TimeSpan.FromSeconds(90),
            "watch", "--json", "--duration", "1", "--kernel-filter", "common_pid == 1", "--otlp", endpoint, "--otlp-interval", "1");
        using (run)
        {
            // Counts that did not reach the collector are a failure (exit 1), said in one line.
            Assert.True(exit == 1, run.Transcript);
            Assert.DoesNotContain(Token, run.Transcript, StringComparison.Ordinal);
            Assert.Contains(run.Stderr, l => l.Contains("did not reach the collector at http://***@127.0.0.1:", StringComparison.Ordinal) && l.Contains("?api-key=***", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_refused_url_is_quoted_without_its_token()
    {
        (int exit, NetdropProcess run) = NetdropProcess.Run(TimeSpan.FromSeconds(60), "watch", "--otlp", $"ftp://user:{Token}@127.0.0.1:9");
        using (run)
        {
            Assert.True(exit == 2, run.Transcript);
            Assert.DoesNotContain(Token, run.Transcript, StringComparison.Ordinal);
            Assert.Contains(run.Stderr, l => l.Contains("'ftp://***@127.0.0.1:9' is not an http:// or https:// URL", StringComparison.Ordinal));
        }
    }

    /// <summary>A loopback port that was free a moment ago: connecting to it is refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
