using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace NetDrop.SystemChecks;

/// <summary>
/// The options the running kernel was built with: /proc/config.gz (CONFIG_IKCONFIG_PROC) or, failing
/// that, /boot/config-RELEASE as distributions install it. Lines are "CONFIG_X=y", "CONFIG_X=m",
/// "CONFIG_X=value" and "# CONFIG_X is not set".
/// </summary>
public sealed class KernelConfig
{
    public const string ProcConfig = "/proc/config.gz";

    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _notSet;

    private KernelConfig(string source, Dictionary<string, string> values, HashSet<string> notSet)
    {
        Source = source;
        _values = values;
        _notSet = notSet;
    }

    /// <summary>The file the options were read from.</summary>
    public string Source { get; }

    /// <summary>The places looked at, in order, for the kernel <paramref name="release"/>.</summary>
    public static IReadOnlyList<string> Locations(string release) => [ProcConfig, "/boot/config-" + release];

    /// <summary>The option's value ("y", "m", or a string or number as written), or null when it is not set or not listed.</summary>
    public string? Value(string option) => _values.TryGetValue(option, out string? value) ? value : null;

    /// <summary>True when the file lists the option, set or "is not set"; options of other kernel versions are not listed at all.</summary>
    public bool Lists(string option) => _values.ContainsKey(option) || _notSet.Contains(option);

    /// <summary>Parses a kernel .config; lines it does not understand are skipped, as Kconfig itself does.</summary>
    public static KernelConfig Parse(string text, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var notSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("# CONFIG_", StringComparison.Ordinal) && line.EndsWith(" is not set", StringComparison.Ordinal))
            {
                notSet.Add(line.Substring(2, line.Length - 2 - " is not set".Length));
                continue;
            }

            int equals = line.IndexOf('=');
            if (line.StartsWith("CONFIG_", StringComparison.Ordinal) && equals > 0)
            {
                values[line.Substring(0, equals)] = line.Substring(equals + 1).Trim('"');
            }
        }

        return new KernelConfig(source, values, notSet);
    }

    /// <summary>
    /// The running kernel's options from the first of <see cref="Locations"/> that can be read; null, with
    /// <paramref name="problem"/> saying what was tried, when none can.
    /// </summary>
    public static KernelConfig? Read(string release, out string? problem) => Read(Locations(release), out problem);

    /// <summary>The options from the first of <paramref name="locations"/> that can be read (gzip when named *.gz).</summary>
    internal static KernelConfig? Read(IReadOnlyList<string> locations, out string? problem)
    {
        var tried = new List<string>();
        foreach (string path in locations)
        {
            try
            {
                using Stream file = File.OpenRead(path);
                using Stream text = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
                using var reader = new StreamReader(text);
                KernelConfig config = Parse(reader.ReadToEnd(), path);
                if (config._values.Count + config._notSet.Count > 0)
                {
                    problem = null;
                    return config;
                }

                // A truncated gzip stream or an empty file reads as no options at all.
                tried.Add(path + " holds no kernel options");
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                tried.Add(path + " does not exist");
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException or InvalidDataException)
            {
                tried.Add($"{path} cannot be read ({e.Message})");
            }
        }

        problem = string.Join("; ", tried);
        return null;
    }
}
