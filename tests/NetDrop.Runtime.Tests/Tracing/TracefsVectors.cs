using System;
using System.IO;

namespace NetDrop.Tests.Tracing;

/// <summary>
/// Files saved from this project's build machine (Linux 6.18): the kfree_skb format and header_page,
/// one trace_pipe_raw page holding six drops (five UDP to a closed IPv4 port, one IPv6, sent by one
/// bash process in a network namespace), the text trace of the same events, and the kallsyms lines
/// around the drop locations of that boot.
/// </summary>
internal static class TracefsVectors
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "testdata", "tracefs", name);

    public static string Format => File.ReadAllText(Path("kfree_skb-format-6.18"));

    public static string HeaderPage => File.ReadAllText(Path("header_page-6.18"));

    public static byte[] Page => File.ReadAllBytes(Path("kfree_skb-cpu1-6.18.raw"));

    public static string[] TraceLines => File.ReadAllLines(Path("kfree_skb-trace-6.18.txt"));

    public static string Kallsyms => File.ReadAllText(Path("kallsyms-excerpt-6.18.txt"));
}
