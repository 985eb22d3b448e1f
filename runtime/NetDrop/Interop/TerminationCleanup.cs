using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace NetDrop.Interop;

/// <summary>
/// Runs a cleanup once, on Dispose or when the process is about to end: SIGINT (Ctrl-C), SIGTERM,
/// SIGQUIT, SIGHUP, an unhandled exception, or a normal exit. Kernel state NetDrop creates (a
/// NET_DM session, a tracefs instance) outlives the process unless it is undone, so it is undone
/// before the signal's default action ends the process. Handlers do not cancel the signal.
/// Disposing only stops watching: the owner undoes its state itself on its normal path.
/// </summary>
internal sealed class TerminationCleanup : IDisposable
{
    private static readonly PosixSignal[] Signals = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGHUP];

    private readonly Action _cleanup;
    private readonly PosixSignalRegistration[] _registrations;
    private int _ran;

    public TerminationCleanup(Action cleanup)
    {
        _cleanup = cleanup;
        _registrations = new PosixSignalRegistration[Signals.Length];
        for (int i = 0; i < Signals.Length; i++)
        {
            _registrations[i] = PosixSignalRegistration.Create(Signals[i], _ => Run());
        }

        AppDomain.CurrentDomain.ProcessExit += OnExit;
        AppDomain.CurrentDomain.UnhandledException += OnExit;
    }

    /// <summary>Runs the cleanup now, if it has not run yet.</summary>
    public void Run()
    {
        if (Interlocked.Exchange(ref _ran, 1) == 0)
        {
            _cleanup();
        }
    }

    /// <summary>Stops watching for the end of the process.</summary>
    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        AppDomain.CurrentDomain.UnhandledException -= OnExit;
    }

    private void OnExit(object? sender, EventArgs e) => Run();
}
