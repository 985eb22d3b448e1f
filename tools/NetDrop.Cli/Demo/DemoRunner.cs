using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using NetDrop.Cli.Metrics;
using NetDrop.Frames;
using NetDrop.Tracing;
using Spectre.Console;

namespace NetDrop.Cli.Demo;

/// <summary>
/// The self-contained tour: builds two namespaces, causes drops of known reasons at a modest
/// bounded rate, watches them through the best source this kernel offers, and removes everything.
/// Exit 0 when every drop caused was seen with the reason expected.
/// </summary>
internal static class DemoRunner
{
    private static readonly DropKind[] AllKinds =
    [
        new("UDP to a closed port", DropReason.NoSocket, DemoNetwork.Receiver, DemoNetwork.ClosedPort),
        new("UDP to a port an nft rule drops", DropReason.NetfilterDrop, DemoNetwork.Receiver, DemoNetwork.FilteredPort),
        new("frames for another host's MAC address", DropReason.Otherhost, DemoNetwork.Stranger, DemoNetwork.ClosedPort),
    ];

    public static int Run(DemoOptions options, IAnsiConsole console, CancellationToken cancellation)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            console.MarkupLine("[red]netdrop demo needs root:[/] it creates network namespaces and reads drops from the kernel. Run: sudo netdrop demo");
            return ExitCodes.Failed;
        }

        DemoNetwork network;
        try
        {
            network = DemoNetwork.Create();
        }
        catch (InvalidOperationException e)
        {
            console.MarkupLine($"[red]cannot build the demo network:[/] {Markup.Escape(TerminalText.Escape(e.Message))}");
            return ExitCodes.Failed;
        }

        DropKind[] kinds = DemoNetwork.HasNftables ? AllKinds : AllKinds.Where(k => k.Expected != DropReason.NetfilterDrop).ToArray();
        using (network)
        {
            if (kinds.Length < AllKinds.Length)
            {
                console.MarkupLine("Skipped NETFILTER_DROP: nft is not installed (apt-get install nftables).");
            }

            using var sender = new NamespaceSender(network.SenderNamespace, kinds, options.PerKind, options.Duration, cancellation);
            DropMonitor monitor;
            try
            {
                monitor = OpenSource(options.Source, sender);
            }
            catch (Exception e) when (e is DropSourceUnavailableException or NetDrop.NetDm.NetDmUnavailableException or TracefsUnavailableException
                or NetDrop.Bpf.BpfException or NetDrop.Bpf.Btf.BtfFormatException or NetDrop.Bpf.Btf.BtfLookupException)
            {
                console.MarkupLine($"[red]no drop source:[/] {Markup.Escape(TerminalText.Escape(CommandAdvice.Word(e.Message)))}");
                return ExitCodes.Failed;
            }

            using (monitor)
            using (MetricsExport? export = MetricsExport.Start(options.Otlp))
            {
                console.MarkupLine($"[bold]Source:[/] {Markup.Escape(TerminalText.Escape(CommandAdvice.Word(monitor.Explanation).ReplaceLineEndings(" ")))}");
                console.MarkupLine($"Causing {options.PerKind} drops of each kind over {options.Duration.TotalSeconds:0} s between namespaces {network.SenderNamespace} and {network.ReceiverNamespace}:");
                foreach (DropKind kind in kinds)
                {
                    console.MarkupLine($"  {Markup.Escape(kind.Description)} → expect {DropReasonCatalog.KernelName(kind.Expected)}");
                }

                var table = new DropTable();
                var clock = Stopwatch.StartNew();
                sender.Go();
                if (console.Profile.Capabilities.Interactive)
                {
                    console.Live(table.Render(TimeSpan.Zero)).Start(live => Watch(monitor, sender, table, export, clock, cancellation, () => live.UpdateTarget(table.Render(clock.Elapsed))));
                }
                else
                {
                    Watch(monitor, sender, table, export, clock, cancellation, () => { });
                    console.Write(table.Render(clock.Elapsed));
                }

                int result = Summarize(console, monitor, sender, kinds, table, export, cancellation);
                if (export is not null && !export.Finish())
                {
                    console.MarkupLine($"[red]the drop counts did not reach the collector at {Markup.Escape(EndpointText.Redact(options.Otlp!.Endpoint))} in time.[/]");
                    return result == 0 ? 1 : result;
                }

                return result;
            }
        }
    }

    private static void Watch(DropMonitor monitor, NamespaceSender sender, DropTable table, MetricsExport? export, Stopwatch clock, CancellationToken cancellation, Action refresh)
    {
        var batch = new List<DropEvent>();
        TimeSpan? finishedAt = null;
        TimeSpan lastRefresh = TimeSpan.Zero;

        // Bounded: the sending time plus a second to drain, and never more than a minute.
        while (!cancellation.IsCancellationRequested && clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (finishedAt is null && sender.Finished)
            {
                finishedAt = clock.Elapsed;
            }

            if (finishedAt is { } end && clock.Elapsed - end > TimeSpan.FromSeconds(1))
            {
                break;
            }

            monitor.Wait(TimeSpan.FromMilliseconds(100));
            batch.Clear();
            monitor.ReadAvailable(batch);
            foreach (DropEvent drop in batch)
            {
                if (monitor.Source == DropSource.Tracepoint || ToDemoSubnet(drop))
                {
                    table.Add(drop);
                    export?.Metrics.Record(drop);
                }
            }

            if (clock.Elapsed - lastRefresh > TimeSpan.FromMilliseconds(250))
            {
                refresh();
                lastRefresh = clock.Elapsed;
            }
        }

        refresh();
    }

    private static int Summarize(IAnsiConsole console, DropMonitor monitor, NamespaceSender sender, DropKind[] kinds, DropTable table, MetricsExport? export, CancellationToken cancellation)
    {
        if (sender.Failure is { } failure)
        {
            console.MarkupLine($"[red]sending failed:[/] {Markup.Escape(TerminalText.Escape(failure.Message))}");
            return ExitCodes.Failed;
        }

        DropLoss loss = monitor.ReadLoss();
        export?.Metrics.RecordLost(monitor.Source, loss.Lost, "source");
        bool allSeen = true;
        var summary = new Table().Border(TableBorder.Simple).AddColumn("caused").AddColumn("expected reason")
            .AddColumn(new TableColumn("sent").RightAligned()).AddColumn(new TableColumn("seen").RightAligned());
        for (int i = 0; i < kinds.Length; i++)
        {
            long seen = table.Count(kinds[i].Expected);
            allSeen &= seen == sender.Sent[i];
            summary.AddRow(Markup.Escape(kinds[i].Description), DropReasonCatalog.KernelName(kinds[i].Expected)!,
                sender.Sent[i].ToString(CultureInfo.InvariantCulture), seen.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(summary);
        console.MarkupLine($"Lost by the source: {loss.Lost} ({Markup.Escape(TerminalText.Escape(loss.Detail))}).");
        console.MarkupLine(DemoNetwork.HasNftables ? "Removed the demo's namespaces, veth pair and nft table; monitoring stopped." : "Removed the demo's namespaces and veth pair; monitoring stopped.");
        if (cancellation.IsCancellationRequested)
        {
            console.MarkupLine("Interrupted.");
            return ExitCodes.Ok;
        }

        if (!allSeen)
        {
            console.MarkupLine("[red]Some drops caused were not seen with the reason expected[/] (see the table above).");
            return ExitCodes.Failed;
        }

        return ExitCodes.Ok;
    }

    /// <summary>Whether a NET_DM payload (from the Ethernet header) is an IPv4 packet to the demo subnet.</summary>
    /// <summary>
    /// The kernel filters the tracepoint down to the sender's drops, so auto keeps to it (or NET_DM); NET_DM
    /// and the BPF program see every drop on the machine, so their events are kept by the demo subnet in
    /// the packet instead.
    /// </summary>
    private static DropMonitor OpenSource(DropSourcePreference source, NamespaceSender sender) =>
        DropMonitor.Open(new DropMonitorOptions
        {
            Source = source,
            Tracepoint = new KfreeSkbOptions { Filter = "common_pid == " + sender.ThreadId.ToString(CultureInfo.InvariantCulture), BufferSizeKilobytes = 1024 },
        });

    /// <summary>IPv4 to the demo subnet, from the packet's headers (an Ethernet frame, or a bare IP packet the BPF source took on the way out).</summary>
    private static bool ToDemoSubnet(DropEvent drop)
    {
        if (!FrameSummary.TryParse(drop.Payload.Span, drop.Protocol, out FrameSummary frame) || !frame.HasAddresses
            || frame.DestinationAddress!.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return false;
        }

        byte[] destination = frame.DestinationAddress.GetAddressBytes();
        byte[] subnet = IPAddress.Parse(DemoNetwork.Subnet + "0").GetAddressBytes();
        return destination.AsSpan(0, 3).SequenceEqual(subnet.AsSpan(0, 3));
    }
}
