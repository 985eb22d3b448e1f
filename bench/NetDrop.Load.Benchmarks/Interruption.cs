using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// Turns Ctrl-C, SIGTERM and SIGHUP into a cancellation instead of an exit, so the finally blocks
/// run and the namespaces, tracefs instances and perf files are removed. A second Ctrl-C still
/// cancels only; the loops it ends are all bounded.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public Interruption()
    {
        _registrations = new[]
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle),
        };
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        Console.Error.WriteLine($"{context.Signal}: stopping and cleaning up");
        _source.Cancel();
    }
}
