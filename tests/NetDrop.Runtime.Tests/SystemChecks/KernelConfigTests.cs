using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using NetDrop.SystemChecks;

namespace NetDrop.Tests.Diagnostics;

/// <summary>Kernel options read from a .config, plain or gzip-compressed as /proc/config.gz is.</summary>
public sealed class KernelConfigTests : IDisposable
{
    private const string Config = """
        #
        # Automatically generated file; DO NOT EDIT.
        # Linux/x86 6.18.44 Kernel Configuration
        #
        CONFIG_CC_VERSION_TEXT="gcc (GCC) 15.3.0"
        CONFIG_NET=y
        CONFIG_PACKET=y
        CONFIG_NET_DROP_MONITOR=m
        CONFIG_LOG_BUF_SHIFT=17
        # CONFIG_MODULES is not set

        # CONFIG_NET_DM_NOT_A_REAL_OPTION
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("netdrop-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Values_not_set_and_unlisted_options_are_told_apart()
    {
        KernelConfig config = KernelConfig.Parse(Config, "test");

        Assert.Equal("m", config.Value("CONFIG_NET_DROP_MONITOR"));
        Assert.Equal("y", config.Value("CONFIG_PACKET"));
        Assert.Equal("17", config.Value("CONFIG_LOG_BUF_SHIFT"));
        Assert.Equal("gcc (GCC) 15.3.0", config.Value("CONFIG_CC_VERSION_TEXT"));
        Assert.Null(config.Value("CONFIG_MODULES"));
        Assert.True(config.Lists("CONFIG_MODULES"));
        Assert.False(config.Lists("CONFIG_NET_DM_NOT_A_REAL_OPTION"));
        Assert.False(config.Lists("CONFIG_TRACING"));
    }

    [Fact]
    public void The_first_readable_location_wins_and_gzip_is_decompressed()
    {
        string gz = Path.Combine(_directory, "config.gz");
        using (FileStream file = File.Create(gz))
        using (var zip = new GZipStream(file, CompressionLevel.Fastest))
        {
            zip.Write(Encoding.UTF8.GetBytes(Config));
        }

        string plain = Path.Combine(_directory, "config-6.18");
        File.WriteAllText(plain, "# CONFIG_NET_DROP_MONITOR is not set\n");

        KernelConfig? fromGzip = KernelConfig.Read([Path.Combine(_directory, "absent.gz"), gz, plain], out string? problem);
        KernelConfig? fromPlain = KernelConfig.Read([Path.Combine(_directory, "absent.gz"), plain], out _);

        Assert.Null(problem);
        Assert.Equal(gz, fromGzip!.Source);
        Assert.Equal("m", fromGzip.Value("CONFIG_NET_DROP_MONITOR"));
        Assert.Equal(plain, fromPlain!.Source);
        Assert.True(fromPlain.Lists("CONFIG_NET_DROP_MONITOR"));
        Assert.Null(fromPlain.Value("CONFIG_NET_DROP_MONITOR"));
    }

    [Fact]
    public void A_damaged_or_missing_file_is_a_problem_naming_every_place_tried()
    {
        string damaged = Path.Combine(_directory, "config.gz");
        File.WriteAllText(damaged, "CONFIG_NET=y\n");
        string truncated = Path.Combine(_directory, "truncated.gz");
        File.WriteAllBytes(truncated, [0x1f, 0x8b, 0x08, 0x00, 0xff, 0xff]);
        string absent = Path.Combine(_directory, "config-absent");

        KernelConfig? config = KernelConfig.Read([damaged, truncated, absent], out string? problem);

        Assert.Null(config);
        Assert.StartsWith($"{damaged} cannot be read (", problem);
        Assert.Contains($"; {truncated} holds no kernel options; ", problem);
        Assert.EndsWith($"; {absent} does not exist", problem);
    }

    [Fact]
    public void The_running_kernels_options_come_from_proc_or_boot()
    {
        KernelRelease kernel = KernelRelease.Read();
        KernelConfig? config = KernelConfig.Read(kernel.Release, out string? problem);

        bool available = File.Exists(KernelConfig.ProcConfig) || File.Exists("/boot/config-" + kernel.Release);
        Assert.Equal(available, config is not null);
        if (config is not null)
        {
            Assert.Null(problem);
            Assert.Contains(config.Source, KernelConfig.Locations(kernel.Release));

            // Every kernel NetDrop runs on has networking.
            Assert.Equal("y", config.Value("CONFIG_NET"));
        }
    }
}
