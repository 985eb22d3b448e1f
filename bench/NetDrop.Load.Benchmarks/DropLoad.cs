using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using NetDrop.Tracing;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// The load every reader is measured against: the generator in its namespace on a CPU of its own,
/// the kernel-side filter that selects its drops (and nothing else the machine drops), and the
/// kernel's own count of those drops, which is what each reader should see.
/// </summary>
internal sealed class DropLoad
{
    /// <summary>ETH_P_IP: both loads are IPv4.</summary>
    public const ushort Protocol = 0x0800;

    private readonly LoadNetwork _network;
    private readonly LoadGenerator _generator;
    private readonly int? _cpu;

    public DropLoad(DropLoadKind kind, LoadNetwork network, LoadGenerator generator, int? cpu)
    {
        Kind = kind;
        _network = network;
        _generator = generator;
        _cpu = cpu;
        ReasonName = kind == DropLoadKind.Otherhost ? "OTHERHOST" : "NO_SOCKET";
        ReasonNumber = KernelReasonNumber(ReasonName);
    }

    public DropLoadKind Kind { get; }

    /// <summary>The kernel's name of the drop reason the load causes.</summary>
    public string ReasonName { get; }

    /// <summary>Its number in this kernel (numbers move between versions, so it is read from the format file).</summary>
    public uint ReasonNumber { get; }

    /// <summary>The reason and protocol part of the filter, for display.</summary>
    public string Filter => string.Format(CultureInfo.InvariantCulture, "reason == {0} && protocol == 0x{1:x}", ReasonNumber, Protocol);

    /// <summary>
    /// The events/skb/kfree_skb/filter every reader uses, so only this run's drops are recorded at all:
    /// the reason and protocol, and the task they happen in. The receive path runs in the generator's
    /// own context (softirq on the way out of its send), or in ksoftirqd when the kernel defers it.
    /// Reason and protocol alone are not enough on a shared machine: other tests cause OTHERHOST drops too.
    /// </summary>
    public string FilterFor(int generatorPid)
    {
        List<int> pids = TasksFor(generatorPid);
        return Filter + " && (" + string.Join(" || ", pids.ConvertAll(pid => "common_pid == " + pid.ToString(CultureInfo.InvariantCulture))) + ")";
    }

    /// <summary>The tasks this load's drops happen in: the generator's, and the softirq threads the kernel may defer them to.</summary>
    public List<int> TasksFor(int generatorPid)
    {
        var pids = new List<int> { generatorPid };
        pids.AddRange(SoftirqThreads());
        return pids;
    }

    /// <summary>The kernel's running count of the drops this load causes (not from tracing).</summary>
    public long KernelDropCount() =>
        Kind == DropLoadKind.Otherhost ? _network.SinkOtherhostDrops() : _network.SenderUdpNoPorts();

    /// <summary>Starts the generator, ready to send (<see cref="GeneratorRun.Release"/>) <paramref name="count"/> packets at <paramref name="rate"/> per second (null: as fast as it can), stopping at <paramref name="bound"/> at the latest.</summary>
    public GeneratorRun Start(long count, double? rate, TimeSpan bound)
    {
        var command = new List<string> { "ip", "netns", "exec", _network.Sender };
        if (_cpu is int cpu)
        {
            command.AddRange(new[] { "taskset", "-c", cpu.ToString(CultureInfo.InvariantCulture) });
        }

        command.Add(_generator.Path);
        if (Kind == DropLoadKind.Otherhost)
        {
            command.AddRange(new[] { "otherhost", LoadNetwork.SenderDevice });
        }
        else
        {
            command.Add("nosocket");
        }

        command.Add(count.ToString(CultureInfo.InvariantCulture));
        command.Add(bound.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        command.Add((rate ?? 0).ToString("0", CultureInfo.InvariantCulture));
        command.Add("wait");

        // The generator stops itself at the bound; the harness kills it if it has not 30 s later.
        return GeneratorRun.Start(command.ToArray(), bound + TimeSpan.FromSeconds(30));
    }

    /// <summary>The unobserved maximum: the generator alone for 2 s, as fast as it can. Also checks every packet became one of the load's drops.</summary>
    public double MeasureMaximumRate(CancellationToken cancel)
    {
        var rates = new List<double>();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = KernelDropCount();
            using GeneratorRun run = Start(long.MaxValue / 2, null, TimeSpan.FromSeconds(2));
            run.Release();
            (long sent, double seconds) = run.Wait(cancel);
            long dropped = KernelDropCount() - before;
            if (dropped == 0 && sent > 0)
            {
                throw new HarnessException($"the kernel counted none of the {sent:N0} packets as {ReasonName} drops (for otherhost: iproute2 5.19+ is needed to read the veth's rx otherhost counter)");
            }

            if (dropped != sent)
            {
                Console.WriteLine($"warning: the generator sent {sent:N0} but the kernel counted {dropped:N0} {ReasonName} drops");
            }

            rates.Add(sent / seconds);
        }

        double best = rates.Max();
        Console.WriteLine($"highest rate with no reader (generator alone on one CPU, best of 3 x 2 s): {best:N0} drops/s ({string.Join(", ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))})");
        return best;
    }

    /// <summary>ksoftirqd of the generator's CPU, or of every CPU when it is not pinned.</summary>
    private IEnumerable<int> SoftirqThreads()
    {
        string? wanted = _cpu is int cpu ? "ksoftirqd/" + cpu.ToString(CultureInfo.InvariantCulture) : null;
        foreach (string directory in Directory.GetDirectories("/proc"))
        {
            string name = Path.GetFileName(directory);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            string comm;
            try
            {
                comm = File.ReadAllText(Path.Combine(directory, "comm")).Trim();
            }
            catch (IOException)
            {
                continue;
            }

            if (wanted is null ? comm.StartsWith("ksoftirqd/", StringComparison.Ordinal) : comm == wanted)
            {
                yield return pid;
            }
        }
    }

    private static uint KernelReasonNumber(string name)
    {
        string tracefs = Tracefs.Locate();
        KernelDropReasons reasons;
        try
        {
            reasons = KernelDropReasons.Read(tracefs);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new HarnessException($"cannot read {KfreeSkbFormat.PathUnder(tracefs)}: {exception.Message}", exception);
        }

        for (uint number = 0; number <= ushort.MaxValue; number++)
        {
            if (reasons.Name(number) == name)
            {
                return number;
            }
        }

        throw new HarnessException($"this kernel's kfree_skb format has no {name} reason");
    }
}
