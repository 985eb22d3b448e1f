using System;
using System.IO;
using NetDrop.Kernel;

namespace NetDrop.Tests.Kernel;

/// <summary>The tracepoint's thread id turned into a process and a name through /proc, and what it says when it cannot.</summary>
public class TaskNamesTests
{
    [Fact]
    public void A_live_thread_gives_its_process_and_name()
    {
        var names = new TaskNames();

        Assert.True(names.TryGet(Environment.ProcessId, 0, out int pid, out string? comm));
        Assert.Equal(Environment.ProcessId, pid);
        Assert.Equal(File.ReadAllText($"/proc/{Environment.ProcessId}/comm").TrimEnd('\n'), comm);
    }

    [Fact]
    public void Another_thread_of_this_process_gives_this_process()
    {
        int tid = 0;
        using var started = new System.Threading.ManualResetEventSlim();
        using var done = new System.Threading.ManualResetEventSlim();
        var thread = new System.Threading.Thread(() =>
        {
            tid = NetDrop.Interop.LibC.GetTid();
            started.Set();
            done.Wait(TimeSpan.FromSeconds(10));
        });
        thread.Start();
        try
        {
            Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
            Assert.NotEqual(Environment.ProcessId, tid);
            Assert.True(new TaskNames().TryGet(tid, 0, out int pid, out string? comm));
            Assert.Equal(Environment.ProcessId, pid);
            Assert.Equal(File.ReadAllText($"/proc/{tid}/comm").TrimEnd('\n'), comm);
        }
        finally
        {
            done.Set();
            thread.Join();
        }
    }

    [Fact]
    public void Thread_zero_is_the_cpus_idle_task()
    {
        Assert.True(new TaskNames().TryGet(0, 3, out int pid, out string? comm));
        Assert.Equal(0, pid);
        Assert.Equal("swapper/3", comm);
    }

    [Fact]
    public void A_gone_or_impossible_thread_has_no_process()
    {
        string proc = Directory.CreateTempSubdirectory("netdrop-proc-").FullName;
        try
        {
            var names = new TaskNames(proc);
            Assert.False(names.TryGet(4242, 0, out _, out string? comm));
            Assert.Null(comm);
            Assert.False(names.TryGet(-1, 0, out _, out _));

            // A status without Tgid, and a comm longer than the kernel's 15 bytes, from a /proc that is not one.
            Directory.CreateDirectory(Path.Combine(proc, "7"));
            File.WriteAllText(Path.Combine(proc, "7", "status"), "Name:\tx\nPid:\t7\n");
            File.WriteAllText(Path.Combine(proc, "7", "comm"), "x\n");
            Assert.False(names.TryGet(7, 0, out _, out _));
            Directory.CreateDirectory(Path.Combine(proc, "8"));
            File.WriteAllText(Path.Combine(proc, "8", "status"), "Name:\tx\nTgid:\t8\n");
            File.WriteAllText(Path.Combine(proc, "8", "comm"), new string('a', 5000));
            Assert.True(names.TryGet(8, 0, out int pid, out string? longComm));
            Assert.Equal(8, pid);
            Assert.Equal(new string('a', 15), longComm);
        }
        finally
        {
            Directory.Delete(proc, recursive: true);
        }
    }
}
