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
/// <remarks>
/// An application that shuts down gracefully cancels the signal in a handler of its own (System.CommandLine
/// and the generic host do) and then disposes its sources, draining what they hold. When an earlier
/// handler has cancelled the signal, only <c>stop</c> runs (the kernel stops recording, nothing is
/// closed under the application's feet); the full cleanup is left to the owner's Dispose, or to a
/// later signal that is not cancelled.
/// </remarks>
internal sealed class TerminationCleanup : IDisposable
{
    private static readonly PosixSignal[] Signals = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGHUP];

    private readonly Action _cleanup;
    private readonly Action? _stop;
    private readonly PosixSignalRegistration[] _registrations;
    private int _ran;

    /// <param name="cleanup">Undoes everything; runs once, when the process is ending.</param>
    /// <param name="stop">Stops the kernel recording without closing anything; runs on a signal the application has cancelled. Must be idempotent.</param>
    public TerminationCleanup(Action cleanup, Action? stop = null)
    {
        _cleanup = cleanup;
        _stop = stop;
        _registrations = new PosixSignalRegistration[Signals.Length];
        for (int i = 0; i < Signals.Length; i++)
        {
            _registrations[i] = PosixSignalRegistration.Create(Signals[i], OnSignal);
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

    /// <summary>What a registered signal does; internal so tests can deliver one without signalling the test host.</summary>
    internal void OnSignal(PosixSignalContext context)
    {
        if (context.Cancel)
        {
            _stop?.Invoke();
        }
        else
        {
            Run();
        }
    }

    private void OnExit(object? sender, EventArgs e) => Run();
}
