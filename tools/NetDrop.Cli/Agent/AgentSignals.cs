using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace NetDrop.Cli.Agent;

/// <summary>
/// The agent's signals: SIGTERM (systemd, the kubelet) and SIGINT stop it the graceful way; SIGHUP asks
/// for the configuration to be read again. Both are only flags the run loop looks at between reads.
/// </summary>
internal sealed class AgentSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private readonly PosixSignalRegistration _hangup;
    private int _reload;

    public AgentSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Volatile.Write(ref _reload, 1);
        });
    }

    public CancellationToken Stopping => _stop.Token;

    /// <summary>True once after each SIGHUP.</summary>
    public bool TakeReload() => Interlocked.Exchange(ref _reload, 0) == 1;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _hangup.Dispose();
        _stop.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }
}
