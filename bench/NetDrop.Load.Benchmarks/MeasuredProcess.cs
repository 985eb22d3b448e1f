using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// An external reader (perf, tcpdump, netsniff-ng) run under loadgen's rusage wrapper, which names the
/// reader's pid, passes SIGINT on, stops it at a time bound, and reports its user and system CPU when it
/// has exited: the only way to get the CPU a process used up to its very end, its last drain included.
/// </summary>
internal sealed class MeasuredProcess : IDisposable
{
    private readonly Process _wrapper;
    private readonly Task<string> _errors;

    private MeasuredProcess(Process wrapper)
    {
        _wrapper = wrapper;
        _errors = wrapper.StandardError.ReadToEndAsync(CancellationToken.None);
        Pid = ChildPid(wrapper);
    }

    /// <summary>The reader's own pid (not the wrapper's), for its CPU so far.</summary>
    public int Pid { get; }

    public bool HasExited => _wrapper.HasExited;

    /// <summary>Starts <paramref name="command"/> under the wrapper, pinned to <paramref name="cpu"/> when there is one, stopped with SIGINT after <paramref name="bound"/>.</summary>
    public static MeasuredProcess Start(LoadGenerator tools, int? cpu, TimeSpan bound, params string[] command)
    {
        var arguments = new string[command.Length + 3];
        arguments[0] = tools.Path;
        arguments[1] = "rusage";
        arguments[2] = ((long)bound.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        command.CopyTo(arguments, 3);
        string[] pinned = ReaderCommand.Pinned(cpu, arguments);
        Process wrapper = Shell.Start(pinned[0], pinned[1..]);
        return new MeasuredProcess(wrapper);
    }

    /// <summary>What the reader has written to standard error so far is not available until it ends; this is all of it, after <see cref="Stop"/>.</summary>
    public string Errors => _errors.IsCompleted ? _errors.Result : string.Empty;

    /// <summary>Fails with the reader's own words when it has already exited (it could not start).</summary>
    public void ThrowIfExited(string reader)
    {
        if (_wrapper.HasExited)
        {
            _errors.Wait(TimeSpan.FromSeconds(5));
            throw new HarnessException($"{reader} exited at start: {Errors.Trim()}");
        }
    }

    /// <summary>Sends SIGINT, waits (bounded) for the end, and returns the reader's exit status, CPU nanoseconds in total, and its standard output.</summary>
    public (int Status, long CpuNanoseconds, string Output) Stop(string reader, TimeSpan wait)
    {
        NativeMethods.Kill(_wrapper.Id, NativeMethods.SIGINT);
        Task<string> output = _wrapper.StandardOutput.ReadToEndAsync();
        if (!_wrapper.WaitForExit(wait))
        {
            _wrapper.Kill(entireProcessTree: true);
            throw new HarnessException($"{reader} did not finish within {wait.TotalSeconds:0} s of SIGINT");
        }

        _wrapper.WaitForExit();
        _errors.Wait(TimeSpan.FromSeconds(10));
        string text = output.Wait(TimeSpan.FromSeconds(10)) ? output.Result : string.Empty;
        foreach (string line in text.Split('\n'))
        {
            string[] words = line.Trim().Split(' ');
            if (words.Length >= 7 && words[0] == "rusage")
            {
                long cpu = long.Parse(words[2], CultureInfo.InvariantCulture) + long.Parse(words[4], CultureInfo.InvariantCulture);
                return (int.Parse(words[6], CultureInfo.InvariantCulture), cpu, text);
            }
        }

        throw new HarnessException($"{reader}'s CPU time is unknown (the wrapper said: {text.Trim()}; {reader} said: {Errors.Trim()})");
    }

    public void Dispose()
    {
        if (!_wrapper.HasExited)
        {
            _wrapper.Kill(entireProcessTree: true);
            _wrapper.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _wrapper.Dispose();
    }

    /// <summary>The wrapper's first line names the reader's pid.</summary>
    private static int ChildPid(Process wrapper)
    {
        Task<string?> line = wrapper.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is not string text || !text.StartsWith("child ", StringComparison.Ordinal))
        {
            wrapper.Kill(entireProcessTree: true);
            throw new HarnessException("the rusage wrapper did not start its command");
        }

        return int.Parse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
