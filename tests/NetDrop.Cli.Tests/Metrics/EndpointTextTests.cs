using NetDrop.Cli.Metrics;

namespace NetDrop.Tests.Metrics;

/// <summary>Endpoints as messages print them: no user, password or query value.</summary>
public sealed class EndpointTextTests
{
    [Theory]
    [InlineData("http://user:s3cr3t-token@127.0.0.1:9/v1/metrics", "http://***@127.0.0.1:9/v1/metrics")]
    [InlineData("https://s3cr3t-token@collector:4318", "https://***@collector:4318")]
    [InlineData("http://user:p@ss@word@127.0.0.1:9", "http://***@127.0.0.1:9")]
    [InlineData("http://127.0.0.1:9/v1/metrics?api-key=s3cr3t-token&x=1", "http://127.0.0.1:9/v1/metrics?api-key=***&x=***")]
    [InlineData("http://127.0.0.1:9/#s3cr3t-token", "http://127.0.0.1:9/#***")]
    [InlineData("ftp:user:s3cr3t-token@host", "***@host")]
    [InlineData("http://127.0.0.1:4318", "http://127.0.0.1:4318")]
    public void Credentials_are_hidden(string endpoint, string shown)
    {
        Assert.Equal(shown, EndpointText.Redact(endpoint));
    }
}
