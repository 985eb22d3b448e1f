using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetDrop.Load.Benchmarks;

/// <summary>
/// bpftrace on tracepoint:skb:kfree_skb printing what NetDrop's BPF source gives for each drop: time,
/// reason, location (as a symbol), CPU, pid, tid, comm, ifindex and name, namespace inode, mark, length,
/// protocol, and the IPv4 addresses, IP protocol and ports from the packet's headers (the operator's
/// ten-line script, issue 17). Its predicate selects the load's drops in the kernel as netdrop's
/// --filter does: the reason and the sink's namespace. Its perf buffer is <see cref="PerfPagesPerCpu"/>
/// pages per CPU (BPFTRACE_PERF_RB_PAGES; its default is 64), as large per CPU as NetDrop's whole ring, so
/// a loss is the reader's and not a small buffer's. It is ready when its program is loaded and it said
/// "Attaching"; it reports "Lost N events" in its output.
/// </summary>
internal sealed class BpftraceReader : WholeProcessDropReader
{
    public const string ReaderName = "bpftrace";

    public const int PerfPagesPerCpu = 1024;

    private readonly ScratchDirectory _scratch;
    private readonly uint _sinkNamespace;

    public BpftraceReader(ScratchDirectory scratch, uint sinkNamespace, LoadGenerator tools, CaptureFileDirectory files, int? cpu)
        : base(tools, files, cpu)
    {
        _scratch = scratch;
        _sinkNamespace = sinkNamespace;
    }

    public override string Name => ReaderName;

    protected override string FileName => "bpftrace.txt";

    /// <summary>The script for a reason number and a namespace inode.</summary>
    public static string Script(uint reason, uint netns) => string.Create(CultureInfo.InvariantCulture, $$"""
        tracepoint:skb:kfree_skb
        /args->reason == {{reason}} && ((struct sk_buff *)args->skbaddr)->dev->nd_net.net->ns.inum == {{netns}}/
        {
          $skb = (struct sk_buff *)args->skbaddr;
          $dev = $skb->dev;
          $ip = (struct iphdr *)($skb->head + $skb->network_header);
          $l4 = (struct udphdr *)($skb->head + $skb->network_header + ($ip->ihl << 2));
          printf("%llu %d %s cpu=%d pid=%d tid=%d comm=%s ifindex=%d dev=%s netns=%u mark=%u len=%u proto=0x%x %s > %s ipproto=%d sport=%d dport=%d\n",
            nsecs, args->reason, ksym(args->location), cpu, pid, tid, comm, $dev->ifindex, $dev->name,
            $dev->nd_net.net->ns.inum, $skb->mark, $skb->len, args->protocol,
            ntop($ip->saddr), ntop($ip->daddr), $ip->protocol, bswap($l4->source), bswap($l4->dest));
        }
        """);

    protected override string[] Command(DropLoad load, int generatorPid)
    {
        string script = _scratch.File("kfree_skb.bt");
        File.WriteAllText(script, Script(load.ReasonNumber, _sinkNamespace));
        return ["env", "BPFTRACE_PERF_RB_PAGES=" + PerfPagesPerCpu.ToString(CultureInfo.InvariantCulture), "bpftrace", script];
    }

    protected override bool IsReady(int pid, string output, string errors) =>
        output.Contains("Attaching", StringComparison.Ordinal) && BpfRunStatistics.Of(pid).Programs > 0;

    protected override (long Counted, long ToolLost, string Detail) Counts(string outputFile, string errors)
    {
        long lost = 0;
        long notices = 0;
        long counted = CountLines(outputFile, line =>
        {
            if (line.StartsWith("Lost "u8))
            {
                // "Lost N events"
                int end = line[5..].IndexOf((byte)' ');
                if (end > 0 && long.TryParse(Encoding.ASCII.GetString(line.Slice(5, end)), NumberStyles.None, CultureInfo.InvariantCulture, out long events))
                {
                    lost += events;
                    notices++;
                }

                return false;
            }

            return line.Length > 0 && char.IsAsciiDigit((char)line[0]);
        });
        return (counted, lost, $"bpftrace: Lost {lost:N0} events in {notices} notice(s)");
    }
}
