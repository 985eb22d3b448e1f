using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace NetDrop.SpecSync.Headers;

/// <summary>
/// Runs the real C preprocessor (<c>gcc -E -CC -dD</c>) over one header, so comments, conditional
/// blocks, continuations and macros are handled as the compiler handles them, not by line patterns.
/// </summary>
/// <remarks>
/// The header's own #include directives are blanked out before gcc sees it (each becomes an empty
/// line, so line numbers stay true). NetDrop reads declarations; it does not compile them, and none of
/// the enums and defines it reads needs another header. Kernel-internal headers (include/net,
/// include/linux) could not be preprocessed whole anyway: their includes need a configured kernel
/// build tree (generated headers, asm for one architecture). The text goes in on standard input behind
/// a line marker that names the real file, so gcc's own errors point at the header.
/// </remarks>
internal static partial class Preprocessor
{
    /// <summary>The preprocessor command; NETDROP_CPP overrides it (clang -E works as well).</summary>
    public static string Command => Environment.GetEnvironmentVariable("NETDROP_CPP") is { Length: > 0 } cpp ? cpp : "gcc";

    /// <summary>How long gcc may run on one header: 30 s, or NETDROP_CPP_TIMEOUT seconds (a real header takes milliseconds).</summary>
    public static TimeSpan Timeout =>
        double.TryParse(Environment.GetEnvironmentVariable("NETDROP_CPP_TIMEOUT"), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
        && seconds is > 0 and <= 86_400
            ? TimeSpan.FromSeconds(seconds)
            : DefaultTimeout;

    /// <summary>The default of <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most output kept from gcc, in characters: 4 MiB, over twenty times what the largest header NetDrop
    /// reads (5.17's skbuff.h, about 160 KB) gives. A macro that expands without end passes it in seconds.
    /// </summary>
    public const int MaxOutputLength = 4 * 1024 * 1024;

    // gcc's messages: the first error line is all that is used.
    private const int MaxErrorLength = 64 * 1024;

    /// <summary>Preprocesses <paramref name="path"/>, followed by <paramref name="trailer"/> (C that uses the header's macros).</summary>
    public static string Run(string path, string? trailer = null) => Run(path, trailer, Timeout, MaxOutputLength);

    /// <summary>
    /// <see cref="Run(string, string?)"/> with its bounds given: gcc (and what it started) is killed when it
    /// runs longer than <paramref name="timeout"/> or writes more than <paramref name="maxOutput"/> characters,
    /// and the header is refused with the line gcc had reached.
    /// </summary>
    internal static string Run(string path, string? trailer, TimeSpan timeout, int maxOutput)
    {
        string text;
        try
        {
            text = SpecSyncHost.ReadText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new HeaderFormatException(path, 0, "cannot be read: " + exception.Message);
        }

        var input = new StringBuilder(text.Length + 256);
        input.Append("# 1 \"").Append(path.Replace("\\", "\\\\")).Append("\"\n");
        input.Append(IncludeDirective().Replace(text, string.Empty));
        if (!text.EndsWith('\n'))
        {
            input.Append('\n');
        }

        if (trailer is not null)
        {
            input.Append("# 1 \"").Append(TrailerFile).Append("\"\n").Append(trailer);
        }

        // -CC keeps comments, those of #define lines too (PACKET_HOST's "To us"); -dD keeps the #defines.
        // -nostdinc: nothing but the header. __LITTLE_ENDIAN_BITFIELD picks the bit-field layout of
        // x86_64 and aarch64, the one NetDrop's specs describe, where asm/byteorder.h would have.
        var start = new ProcessStartInfo(Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-E", "-CC", "-dD", "-nostdinc", "-D__LITTLE_ENDIAN_BITFIELD", "-x", "c", "-" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = SpecSyncHost.StartProcess(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new HeaderFormatException(path, 0, $"the C preprocessor '{Command}' cannot be started ({exception.Message}): install gcc (apt-get install gcc) or set NETDROP_CPP");
        }

        using (process)
        {
            // Both streams are read while input is written, so a large output cannot block gcc against a full pipe.
            var stdout = new BoundedText(maxOutput);
            var stderr = new BoundedText(MaxErrorLength);
            Task reading = Task.WhenAll(stdout.ReadAsync(process.StandardOutput, process), stderr.ReadAsync(process.StandardError, process: null));
            Task writing = WriteAsync(process.StandardInput, input.ToString());
            bool exited = process.WaitForExit(timeout);
            if (!exited)
            {
                Stop(process);
            }

            // After gcc exits or is killed its pipes close, so these end; the bound is for a grandchild holding them.
            Task.WaitAll([reading, writing], TimeSpan.FromSeconds(10));
            process.WaitForExit(TimeSpan.FromSeconds(10));
            if (stdout.Overflowed)
            {
                (string file, int line) = LastLine(path, stdout.Text);
                throw new HeaderFormatException(file, line, string.Create(CultureInfo.InvariantCulture,
                    $"the C preprocessor's output passed {maxOutput / (1024 * 1024)} MiB here and it was stopped: a macro that expands without end? (docs/robustness.md, Bounds)"));
            }

            if (!exited)
            {
                (string file, int line) = LastLine(path, stdout.Text);
                throw new HeaderFormatException(file, line, string.Create(CultureInfo.InvariantCulture,
                    $"the C preprocessor did not finish within {timeout.TotalSeconds} s and was stopped{(line > 0 ? " after its output reached this line" : "")}: a macro that expands without end? NETDROP_CPP_TIMEOUT sets the limit in seconds (docs/robustness.md, Bounds)"));
            }

            if (process.ExitCode != 0)
            {
                throw FromGccError(path, stderr.Text);
            }

            return stdout.Text;
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            // gcc runs cc1 as a child: the whole tree goes.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in between.
        }
    }

    private static async Task WriteAsync(StreamWriter input, string text)
    {
        try
        {
            await input.WriteAsync(text).ConfigureAwait(false);
            input.Close();
        }
        catch (IOException)
        {
            // gcc stopped reading: it failed (its error says why) or was stopped.
        }
    }

    /// <summary>The header line gcc's output had reached: the last line marker ("# 12 \"file\"") and the lines after it.</summary>
    private static (string File, int Line) LastLine(string path, string output)
    {
        int newlines = 0;
        int end = output.Length;
        while (end > 0)
        {
            int start = output.LastIndexOf('\n', end - 1) + 1;
            Match marker = LineMarker().Match(output, start, end - start);
            if (marker.Success)
            {
                // A marker of gcc's own (<built-in>, <command-line>) means the header's lines were not reached.
                string file = marker.Groups["file"].Value;
                return file.StartsWith('<') && file != TrailerFile
                        || !int.TryParse(marker.Groups["line"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int line)
                    ? (path, 0)
                    : (file, line + newlines - 1);
            }

            newlines++;
            end = start - 1;
        }

        return (path, 0);
    }

    /// <summary>The file name the line marker gives the trailer, so its tokens can be told apart.</summary>
    public const string TrailerFile = "<netdrop>";

    private static HeaderFormatException FromGccError(string path, string stderr)
    {
        foreach (string line in stderr.Split('\n'))
        {
            Match match = GccError().Match(line);
            if (match.Success)
            {
                return new HeaderFormatException(match.Groups["file"].Value, int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture), "the C preprocessor says: " + match.Groups["message"].Value.Trim());
            }
        }

        return new HeaderFormatException(path, 0, "the C preprocessor failed: " + stderr.Trim());
    }

    [GeneratedRegex(@"^# (?<line>\d+) ""(?<file>[^""]*)""")]
    private static partial Regex LineMarker();

    [GeneratedRegex(@"^[ \t]*#[ \t]*include\b[^\n]*", RegexOptions.Multiline)]
    private static partial Regex IncludeDirective();

    [GeneratedRegex(@"^(?<file>[^:\n]+):(?<line>\d+):(\d+:)?\s*(fatal )?error:(?<message>.*)$")]
    private static partial Regex GccError();
}
