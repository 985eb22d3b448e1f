using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

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

    /// <summary>Preprocesses <paramref name="path"/>, followed by <paramref name="trailer"/> (C that uses the header's macros).</summary>
    public static string Run(string path, string? trailer = null)
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
            // Read both streams while writing, so a large output cannot block gcc against a full pipe.
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            process.StandardInput.Write(input.ToString());
            process.StandardInput.Close();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw FromGccError(path, stderr.Result);
            }

            return stdout.Result;
        }
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
                return new HeaderFormatException(match.Groups["file"].Value, int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), "the C preprocessor says: " + match.Groups["message"].Value.Trim());
            }
        }

        return new HeaderFormatException(path, 0, "the C preprocessor failed: " + stderr.Trim());
    }

    [GeneratedRegex(@"^[ \t]*#[ \t]*include\b[^\n]*", RegexOptions.Multiline)]
    private static partial Regex IncludeDirective();

    [GeneratedRegex(@"^(?<file>[^:\n]+):(?<line>\d+):(\d+:)?\s*(fatal )?error:(?<message>.*)$")]
    private static partial Regex GccError();
}
