using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace NetDrop.Tests.LiveKernel;

/// <summary>A network namespace of the test's own, with loopback up; deleted (with everything in it: veths, nft tables, qdiscs) on dispose.</summary>
internal sealed class NetworkNamespace : IDisposable
{
    private static int s_counter;

    public NetworkNamespace()
    {
        Name = string.Format(CultureInfo.InvariantCulture, "ndtest-{0}-{1}", Environment.ProcessId, Interlocked.Increment(ref s_counter));
        Command.TryRun("ip", "netns", "del", Name);
        Command.Run("ip", "netns", "add", Name);
        Exec("ip", "link", "set", "lo", "up");
    }

    public string Name { get; }

    /// <summary>The namespace's inode, as the BPF source reports it (DropEvent.NetnsInode) and its kernel filter tests it.</summary>
    public uint Inode => uint.Parse(Command.Run("stat", "-L", "-c", "%i", "/run/netns/" + Name).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Runs a command inside the namespace.</summary>
    public string Exec(params string[] command)
    {
        var arguments = new List<string> { "netns", "exec", Name };
        arguments.AddRange(command);
        return Command.Run("ip", arguments.ToArray());
    }

    public void Dispose() => Command.TryRun("ip", "netns", "del", Name);
}
