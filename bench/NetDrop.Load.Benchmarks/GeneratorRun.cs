using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// One run of the generator: started and set up (it says "ready"), released with a line on its
/// stdin, waited for, and what it says it sent. Starting a process is the expensive part, so it
/// happens before a measured window and only the release inside it.
/// </summary>
internal sealed class GeneratorRun : IDisposable
{
    private readonly Process _process;
    private readonly TimeSpan _deadline;
    private readonly Task<string> _errors;

    private GeneratorRun(Process process, TimeSpan deadline)
    {
        _process = process;
        _deadline = deadline;
        _errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
    }

    /// <summary>The generator's pid (ip netns exec and taskset exec it in place): the drops happen in its context.</summary>
    public int Pid => _process.Id;

    /// <summary>Starts <paramref name="command"/> (a loadgen command line ending in "wait") and waits until it is ready to send.</summary>
    public static GeneratorRun Start(string[] command, TimeSpan deadline)
    {
        var run = new GeneratorRun(Shell.Start(redirectInput: true, command[0], command[1..]), deadline);
        Task<string?> ready = run._process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result != "ready")
        {
            run.Dispose();
            throw new HarnessException($"the load generator did not get ready: {(run._errors.Wait(TimeSpan.FromSeconds(5)) ? run._errors.Result.Trim() : string.Empty)}");
        }

        return run;
    }

    /// <summary>Lets the generator send.</summary>
    public void Release()
    {
        _process.StandardInput.WriteLine("go");
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the generator to end (killing it at the deadline or on cancellation); returns the frames it sent and the seconds it sent for.</summary>
    public (long Sent, double Seconds) Wait(CancellationToken cancel)
    {
        Task<string> output = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        using (cancel.Register(TryKill))
        {
            if (!_process.WaitForExit(_deadline))
            {
                TryKill();
                throw new HarnessException($"the load generator did not finish in {_deadline.TotalSeconds:0} s");
            }
        }

        _process.WaitForExit();
        cancel.ThrowIfCancellationRequested();
        string[] words = output.Result.Trim().Split(' ');
        if (_process.ExitCode != 0 || words.Length < 4 || words[0] != "sent")
        {
            throw new HarnessException($"the load generator exited {_process.ExitCode}: {_errors.Result.Trim()} {output.Result.Trim()}");
        }

        return (long.Parse(words[1], CultureInfo.InvariantCulture), long.Parse(words[3], CultureInfo.InvariantCulture) / 1e9);
    }

    public void Dispose()
    {
        TryKill();
        _process.Dispose();
    }

    private void TryKill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }
    }
}
