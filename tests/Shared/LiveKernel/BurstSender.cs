using System;
using System.Globalization;
using System.IO;

namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// A bash process inside a namespace that sends UDP datagrams in bursts on demand: each burst size
/// written to its stdin is sent to a closed port, then it answers "sent". The kernel drops them in this
/// process's context, so a tracefs filter on its pid (common_pid) keeps exactly these drops.
/// </summary>
internal sealed class BurstSender : IDisposable
{
    private readonly System.Diagnostics.Process _process;

    public BurstSender(NetworkNamespace ns, string address, int port)
    {
        string script = string.Format(CultureInfo.InvariantCulture,
            "while read n; do [ \"$n\" -le 1000 ] || exit 2; for i in $(seq $n); do echo drop-$i > /dev/udp/{0}/{1}; done; echo sent; done", address, port);
        _process = Command.Start("ip", ["netns", "exec", ns.Name, "bash", "-c", script], redirectInput: true);
    }

    public int Pid => _process.Id;

    /// <summary>The tracefs filter that keeps only this sender's drops.</summary>
    public string KernelFilter => "common_pid == " + Pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Sends <paramref name="count"/> datagrams (at most 1000) and waits until they are sent.</summary>
    public void Send(int count)
    {
        _process.StandardInput.WriteLine(count.ToString(CultureInfo.InvariantCulture));
        _process.StandardInput.Flush();
        var reply = _process.StandardOutput.ReadLineAsync();
        if (!reply.Wait(TimeSpan.FromSeconds(20)) || reply.Result != "sent")
        {
            throw new IOException($"the sender did not confirm a burst of {count} within 20 s: {reply.Status}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
