using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NetDrop.Cli.Specs;
using NetDrop.SpecSync.Headers;
using NetDrop.SpecSync.Kernel;

namespace NetDrop.Tests.Specs;

/// <summary>
/// Headers made to break the reader (issue 15): numbers that do not fit in 64 bits and macros that expand
/// without end each give the header error, with file and line, exit 2 from `specs sync`, and quickly.
/// </summary>
public sealed class HostileHeaderTests
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("077777777777777777777777", "arithmetic overflow: the octal constant '077777777777777777777777' does not fit in 64 bits")]
    [InlineData("99999999999999999999", "arithmetic overflow: the constant '99999999999999999999' does not fit in 64 bits")]
    [InlineData("((-9223372036854775807 - 1) / -1)", "arithmetic overflow: -9223372036854775808 / -1 does not fit in 64 bits")]
    [InlineData("((-9223372036854775807 - 1) % -1)", "arithmetic overflow: -9223372036854775808 % -1 does not fit in 64 bits")]
    [InlineData("(1 << 64)", "arithmetic overflow: a shift by 64 in a 64-bit constant")]
    [InlineData("(1 >> -1)", "arithmetic overflow: a shift by -1 in a 64-bit constant")]
    public void A_constant_that_does_not_fit_is_a_header_error_and_exit_2(string value, string problem)
    {
        using var tree = new TemporaryTree();
        string header = File.ReadAllText(Path.Combine(SpecSyncFiles.Headers61, "include/uapi/linux/if_packet.h"))
            .Replace("#define PACKET_RX_RING\t\t\t5", "#define PACKET_RX_RING\t\t\t" + value);
        string path = tree.Write("include/uapi/linux/if_packet.h", header);
        using var specs = new SpecSyncFiles.ScratchSpecs();
        string before = specs.Read("af_packet.yaml");
        var error = new StringWriter();

        int exit = SpecsCommand.RunSync(tree.Root, false, null, specs.Path, "6.1", check: false, new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.Equal($"netdrop specs sync: {path}:43: {problem} (no spec was changed)\n", error.ToString());
        Assert.Equal(before, specs.Read("af_packet.yaml"));
    }

    [Fact]
    public void A_makefile_version_past_int_is_an_error_at_its_line()
    {
        using var tree = new TemporaryTree();
        tree.Copy(SpecSyncFiles.Headers61, "include/uapi/linux/if_packet.h");
        string makefile = tree.Write("Makefile", "# SPDX-License-Identifier: GPL-2.0\nVERSION = 99999999999\nPATCHLEVEL = 1\n");
        using var specs = new SpecSyncFiles.ScratchSpecs();
        var error = new StringWriter();

        int exit = SpecsCommand.RunSync(tree.Root, false, null, specs.Path, versionText: null, check: true, new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.Equal($"netdrop specs sync: {makefile}:2: arithmetic overflow: 'VERSION = 99999999999' is not a kernel version number; pass --kernel-version, as in 6.1 (no spec was changed)\n", error.ToString());
    }

    [Theory]
    [InlineData("0x7fffffffffffffff", 9223372036854775807L)]
    [InlineData("0x80000000", 2147483648L)]
    [InlineData("(-1)", -1L)]
    public void A_linux_version_code_past_int_is_an_error_at_its_line(string code, long value)
    {
        using var tree = new TemporaryTree();
        tree.Copy(SpecSyncFiles.Headers61, "include/uapi/linux/if_packet.h");
        string header = tree.Write("linux/version.h", $"#define LINUX_VERSION_CODE {code}\n#define KERNEL_VERSION(a,b,c) (((a) << 16) + ((b) << 8) + (c))\n");

        var error = Assert.Throws<HeaderFormatException>(() => KernelHeaders.DetectVersion(tree.Root));

        Assert.Equal((header, 1), (error.File, error.Line));
        Assert.Equal($"arithmetic overflow: LINUX_VERSION_CODE is {value}, not a version code (0 to 2147483647); pass --kernel-version, as in 6.1", error.Problem);
    }

    [Fact]
    public void The_largest_linux_version_code_still_reads()
    {
        using var tree = new TemporaryTree();
        tree.Write("linux/version.h", "#define LINUX_VERSION_CODE 0x7fffffff\n");

        Assert.Equal(new KernelVersion(32767, 255), KernelHeaders.DetectVersion(tree.Root));
    }

    [Fact]
    public void A_macro_bomb_stops_at_the_output_limit_and_names_the_line_that_expands()
    {
        using var tree = new TemporaryTree();
        string path = tree.Write("include/uapi/linux/if_packet.h", Bomb("x x x x x x x x x x") + "enum { BOMB = 1 };\nPACKET_BOMB\n");
        var time = Stopwatch.StartNew();

        var error = Assert.Throws<HeaderFormatException>(() => CHeader.Read(path));

        Assert.Equal((path, 13), (error.File, error.Line)); // the line that uses PACKET_BOMB
        Assert.Equal("the C preprocessor's output passed 4 MiB here and it was stopped: a macro that expands without end? (docs/robustness.md, Bounds)", error.Problem);
        Assert.True(time.Elapsed < Quickly, $"{time.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void A_macro_bomb_without_output_stops_at_the_time_limit()
    {
        // "#if" consumes the 10^10 terms without writing anything: only the time limit stops it.
        using var tree = new TemporaryTree();
        string path = tree.Write("include/uapi/linux/if_packet.h", "#define PACKET_HOST 0\n" + Bomb("1+1+1+1+1+1+1+1+1+1+") + "#if PACKET_BOMB 0\n#endif\n");
        var time = Stopwatch.StartNew();

        var error = Assert.Throws<HeaderFormatException>(() => Preprocessor.Run(path, trailer: null, TimeSpan.FromSeconds(1), Preprocessor.MaxOutputLength));

        Assert.Equal(path, error.File); // with the line gcc's output reached, when it wrote any before it was stopped
        Assert.StartsWith("the C preprocessor did not finish within 1 s and was stopped", error.Problem, StringComparison.Ordinal);
        Assert.EndsWith("a macro that expands without end? NETDROP_CPP_TIMEOUT sets the limit in seconds (docs/robustness.md, Bounds)", error.Problem, StringComparison.Ordinal);
        Assert.True(time.Elapsed < TimeSpan.FromSeconds(12), $"{time.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void The_time_limit_is_30_seconds_unless_NETDROP_CPP_TIMEOUT_says_otherwise()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Preprocessor.DefaultTimeout);
        Assert.Equal(4 * 1024 * 1024, Preprocessor.MaxOutputLength);
        if (Environment.GetEnvironmentVariable("NETDROP_CPP_TIMEOUT") is null)
        {
            Assert.Equal(Preprocessor.DefaultTimeout, Preprocessor.Timeout);
        }
    }

    /// <summary>PACKET_BOMB: ten levels of ten copies of the one below, over <paramref name="bottom"/>: 10^10 copies of it.</summary>
    private static string Bomb(string bottom) =>
        "#define PACKET_B0 " + bottom + "\n"
        + string.Concat(Enumerable.Range(1, 9).Select(i => $"#define PACKET_B{i} {string.Join(' ', Enumerable.Repeat($"PACKET_B{i - 1}", 10))}\n"))
        + "#define PACKET_BOMB PACKET_B9\n";
}
