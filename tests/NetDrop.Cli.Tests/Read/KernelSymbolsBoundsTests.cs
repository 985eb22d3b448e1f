using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NetDrop.Kernel;
using NetDrop.Tests.Cli;

namespace NetDrop.Tests.Kernel;

/// <summary>
/// A kallsyms file is read in bounded memory (docs/robustness.md, Bounds): a line longer than
/// <see cref="KernelSymbols.MaxLineLength"/> is skipped without being held, and a table longer than
/// <see cref="KernelSymbols.MaxTableLength"/> or with more than <see cref="KernelSymbols.MaxSymbols"/>
/// text symbols is an error.
/// </summary>
public sealed class KernelSymbolsBoundsTests
{
    [Fact]
    public void A_30_MB_file_without_a_newline_is_one_skipped_line_read_in_bounded_memory()
    {
        string path = Path.Combine(Path.GetTempPath(), "netdrop-test-" + Path.GetRandomFileName() + ".kallsyms");
        try
        {
            using (var file = File.Create(path))
            {
                byte[] chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("ffffffff890bc140 T x ", 1024 * 1024 / 21 + 1)))[..(1024 * 1024)];
                for (int i = 0; i < 30; i++)
                {
                    file.Write(chunk);
                }
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            var time = Stopwatch.StartNew();
            KernelSymbols symbols = KernelSymbols.Load(path, out int skipped);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, symbols.Count);
            Assert.Equal(1, skipped);

            // The file's 30 MB pass through one reader buffer: what is allocated is the buffers, not the line.
            Assert.True(allocated < 1024 * 1024, $"{allocated} bytes allocated");
            Assert.True(time.Elapsed < TimeSpan.FromSeconds(30), $"{time.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(KernelSymbols.MaxLineLength, 1)]
    [InlineData(KernelSymbols.MaxLineLength + 1, 0)]
    public void Lines_of_up_to_1024_characters_are_read_and_longer_ones_skipped(int length, int kept)
    {
        const string prefix = "ffffffff890bc140 T ";
        string line = prefix + new string('n', length - prefix.Length);
        string table = "ffffffff88fe7fe0 T neigh_invalidate\r\n" + line + "\nffffffff890bcd70 t udp_queue_rcv_skb";

        KernelSymbols symbols = KernelSymbols.Parse(new StringReader(table), out int skipped);

        Assert.Equal(2 + kept, symbols.Count);
        Assert.Equal(1 - kept, skipped);
        Assert.Equal("neigh_invalidate+0x0", symbols.Format(0xffffffff88fe7fe0));
        Assert.Equal("udp_queue_rcv_skb+0x0", symbols.Format(0xffffffff890bcd70));
        Assert.Equal(kept == 1 ? new string('n', length - prefix.Length) + "+0x1" : "neigh_invalidate+0xd4161", symbols.Format(0xffffffff890bc141));
    }

    [Fact]
    public void A_64_MB_file_without_a_newline_is_an_error_at_32_MiB()
    {
        var reader = new EndlessTable("x", limit: 64_000_000);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => KernelSymbols.Parse(reader, out _));

        Assert.Equal("more than 33554432 characters", error.Message);
        Assert.InRange(reader.Given, KernelSymbols.MaxTableLength, KernelSymbols.MaxTableLength + 8192);
    }

    [Fact]
    public void A_table_of_data_symbols_longer_than_32_MiB_is_an_error()
    {
        var reader = new EndlessTable("ffffffff890c0000 D some_data\n", limit: long.MaxValue);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => KernelSymbols.Parse(reader, out _));

        Assert.Equal("more than 33554432 characters", error.Message);
    }

    [Fact]
    public void More_than_a_million_text_symbols_is_an_error()
    {
        var reader = new EndlessTable("ffffffff890bc140 t f\n", limit: long.MaxValue);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => KernelSymbols.Parse(reader, out _));

        Assert.Equal("more than 1000000 text symbols", error.Message);
        Assert.True(reader.Given < KernelSymbols.MaxTableLength, "the symbol limit is reached first");
    }

    [Fact]
    public void Read_says_in_one_line_that_an_oversized_kallsyms_file_is_not_one()
    {
        string path = Path.Combine(Path.GetTempPath(), "netdrop-test-" + Path.GetRandomFileName() + ".kallsyms");
        try
        {
            using (var file = File.Create(path))
            {
                file.SetLength(KernelSymbols.MaxTableLength + 1); // a sparse file of NULs: no disk space
            }

            ReadResult result = ReadCommand.Run(Capture.TestCaptures.PcapPath("netdm-summary"), kallsyms: path);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"netdrop read: {path}: more than 33554432 characters, more than a kallsyms table has; give /proc/kallsyms as saved on the captured machine's boot." + Environment.NewLine, result.Error);
            Assert.Empty(result.Output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A text repeated up to <paramref name="limit"/> characters, made as it is read.</summary>
    private sealed class EndlessTable(string text, long limit) : TextReader
    {
        public long Given { get; private set; }

        public override int Read(char[] buffer, int index, int count)
        {
            count = (int)Math.Min(count, limit - Given);
            for (int i = 0; i < count; i++)
            {
                buffer[index + i] = text[(int)((Given + i) % text.Length)];
            }

            Given += count;
            return count;
        }
    }
}
