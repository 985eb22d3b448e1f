using System;
using System.IO;
using System.Threading;
using NetDrop.Interop;
using NetDrop.Kernel;
using NetDrop.Tests.LiveKernel;

namespace NetDrop.Tests.Kernel;

[Trait("Needs", "live-kernel")]
public sealed class NetworkNamespaceEntryTests
{
    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../../proc/1/ns/net")]
    [InlineData("a\0b")]
    public void A_name_that_is_not_a_plain_file_name_is_refused_before_any_call(string name)
    {
        var refused = Assert.Throws<NetworkNamespaceException>(() => NetworkNamespaceEntry.EnterNamed(name));
        Assert.Equal(Errno.None, refused.Errno);
        Assert.Contains("is not a network namespace name", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", refused.Message, StringComparison.Ordinal);
    }

    [LiveKernelFact]
    public void A_missing_namespace_says_so_and_leaves_the_thread_where_it_was()
    {
        string before = OwnNamespace();
        var missing = Assert.Throws<NetworkNamespaceException>(() => NetworkNamespaceEntry.EnterNamed("ndtest-no-such-namespace"));
        Assert.Equal(Errno.ENOENT, missing.Errno);
        Assert.Contains("'ip netns list'", missing.Message, StringComparison.Ordinal);
        Assert.Equal(before, OwnNamespace());
    }

    [LiveKernelFact]
    public void A_file_that_is_not_a_network_namespace_is_refused()
    {
        var refused = Assert.Throws<NetworkNamespaceException>(() => NetworkNamespaceEntry.Enter("/proc/self/ns/uts"));
        Assert.Equal(Errno.EINVAL, refused.Errno);
        Assert.Contains("it is not a network namespace", refused.Message, StringComparison.Ordinal);
    }

    [LiveKernelFact]
    public void The_thread_is_inside_until_disposed_and_then_back_in_its_own()
    {
        using var ns = new NetworkNamespace();
        string? outside = null, inside = null, after = null;
        int threadId = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                outside = OwnNamespace();
                using (NetworkNamespaceEntry entry = NetworkNamespaceEntry.EnterNamed(ns.Name))
                {
                    inside = OwnNamespace();
                    threadId = entry.ThreadId;
                }

                after = OwnNamespace();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        string target = ns.Exec("readlink", "/proc/self/ns/net").Trim();
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "the thread did not finish in 10 s");
        Assert.Null(failure);
        Assert.NotEqual(outside, inside);
        Assert.Equal(target, inside);
        Assert.Equal(outside, after);
        Assert.NotEqual(Environment.ProcessId, threadId);
        Assert.True(threadId > 0);
    }

    // "net:[4026531840]": the namespace's inode, the same for every thread in it.
    private static string OwnNamespace() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!;
}
