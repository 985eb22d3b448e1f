using System;
using System.Diagnostics;
using System.Threading;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The generator, started and ready before the measured window, released and waited for on a
/// thread of its own: the reading thread does nothing but read, and the in-process reader's
/// allocations are measured on that thread alone.
/// </summary>
internal sealed class GeneratorThread : IDisposable
{
    private readonly ManualResetEventSlim _go = new();
    private readonly GeneratorRun _run;
    private readonly Thread _thread;
    private volatile bool _finished;
    private long _startTimestamp;
    private (long Sent, double Seconds) _result;
    private Exception? _failure;

    public GeneratorThread(DropLoad load, long count, double? rate, TimeSpan bound, CancellationToken cancel)
    {
        _run = load.Start(count, rate, bound);
        _thread = new Thread(() =>
        {
            try
            {
                if (!_go.Wait(TimeSpan.FromSeconds(120), cancel))
                {
                    throw new HarnessException("the generator was never released");
                }

                Volatile.Write(ref _startTimestamp, Stopwatch.GetTimestamp());
                _run.Release();
                _result = _run.Wait(cancel);
            }
            catch (Exception exception)
            {
                _failure = exception;
            }
            finally
            {
                _finished = true;
            }
        })
        {
            Name = "generator",
            IsBackground = true,
        };
        _thread.Start();
    }

    /// <summary>The generator's pid, for the filter: it exists (and waits) from construction on.</summary>
    public int Pid => _run.Pid;

    /// <summary>The generator has ended (or failed); checked by the reading loop without allocating.</summary>
    public bool Finished => _finished;

    /// <summary>When the generator was released (Stopwatch ticks).</summary>
    public long StartTimestamp => Volatile.Read(ref _startTimestamp);

    public void Go() => _go.Set();

    /// <summary>Waits for the end and returns what the generator sent, or throws why it failed.</summary>
    public (long Sent, double Seconds) Join()
    {
        _thread.Join();
        if (_failure is not null)
        {
            throw _failure is HarnessException or OperationCanceledException ? _failure : new HarnessException("the generator failed: " + _failure.Message, _failure);
        }

        return _result;
    }

    public void Dispose()
    {
        // A generator never released (the reader failed first) is killed, not let loose.
        _run.Dispose();
        _go.Set();
        _thread.Join(TimeSpan.FromSeconds(60));
        _go.Dispose();
    }
}
