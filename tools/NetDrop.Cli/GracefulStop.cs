using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace NetDrop.Cli;

/// <summary>
/// Ctrl-C (SIGINT), SIGTERM (kill, systemd) and SIGHUP (the terminal went away) as one cancellation:
/// the command finishes its own way (stops the kernel, flushes files, prints totals) instead of the
/// runtime ending the process. Dispose to hand the signals back.
/// </summary>
internal sealed class GracefulStop : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private readonly PosixSignalRegistration _hangup;

    public GracefulStop()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
    }

    public CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _hangup.Dispose();
        _cancellation.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _cancellation.Cancel();
    }
}
