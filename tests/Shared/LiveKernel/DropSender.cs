using System;
using System.Diagnostics;
using System.Globalization;

namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// A bash process inside a namespace that waits for a go, then sends UDP datagrams with bash's
/// /dev/udp. The kernel drops them in this process's context, so a tracefs filter on its pid
/// (common_pid) isolates exactly the drops the test caused from everything else on the machine.
/// </summary>
internal sealed class DropSender : IDisposable
{
    private readonly Process _process;

    public DropSender(NetworkNamespace ns, string address, int port, int count)
    {
        // "ip netns exec" execs bash in place, so the pid is bash's own.
        string script = string.Format(CultureInfo.InvariantCulture,
            "read go; for i in $(seq {0}); do echo drop-$i > /dev/udp/{1}/{2}; done", count, address, port);
        _process = Command.Start("ip", new[] { "netns", "exec", ns.Name, "bash", "-c", script }, redirectInput: true);
    }

    public int Pid => _process.Id;

    public void Go()
    {
        _process.StandardInput.WriteLine("go");
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            throw new TimeoutException("the sender did not finish in 20 s");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
