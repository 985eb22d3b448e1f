using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;

namespace NetDrop.Kernel;

/// <summary>
/// Resolves kernel addresses (a drop's program counter) to symbol+offset, from a kallsyms table:
/// /proc/kallsyms of the running kernel, or a copy saved from the machine a capture was made on
/// (addresses are randomised per boot, so the table must come from the same boot).
/// </summary>
public sealed class KernelSymbols
{
    /// <summary>
    /// No kernel function is anywhere near this long. kallsyms has no sizes, so an address past the
    /// last symbol (or in a module whose symbols are missing) would otherwise get a name with an
    /// absurd offset, as dropwatch prints "__init_scratch_end+0x343ea54f" for an nf_tables address.
    /// </summary>
    public const ulong MaxOffset = 1024 * 1024;

    /// <summary>
    /// The longest line read, in characters. kallsyms lines are an address, a type letter, a name of at
    /// most KSYM_NAME_LEN (512) bytes and a module name: under 600. A longer line is skipped and counted.
    /// </summary>
    public const int MaxLineLength = 1024;

    /// <summary>The most characters read from a table (a running kernel's is about 5 MB); more is an error.</summary>
    public const long MaxTableLength = 32L * 1024 * 1024;

    /// <summary>The most text symbols kept (a kernel with its modules has about 100,000); more is an error.</summary>
    public const int MaxSymbols = 1_000_000;

    /// <summary>How long a failed read of /proc/kallsyms is remembered before the next use tries again.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private static readonly object RunningLock = new();
    private static KernelSymbols? s_running;
    private static long s_lastAttempt = long.MinValue;

    /// <summary>
    /// Addresses whose text <see cref="Format"/> keeps. Drops happen at a few hundred call sites, again
    /// and again, so each text is made once; past this many the rest are made on each call.
    /// </summary>
    private const int MaxFormatted = 16_384;

    private readonly KernelSymbol[] _symbols;
    private readonly ConcurrentDictionary<ulong, string?> _formatted = new();
    private int _formattedCount;

    private KernelSymbols(KernelSymbol[] symbols) => _symbols = symbols;

    /// <summary>Text symbols known, sorted by address.</summary>
    public int Count => _symbols.Length;

    /// <summary>
    /// Reads kallsyms lines ("ffffffff890bc140 T __udp4_lib_rcv" or "... t nft_do_chain [nf_tables]").
    /// Only text symbols (t, T, w, W) can be drop locations; lines that do not parse, or are longer than
    /// <see cref="MaxLineLength"/>, are skipped and counted in <paramref name="skipped"/>. All-zero
    /// addresses (kptr_restrict hides them from unprivileged readers) are skipped too.
    /// </summary>
    /// <exception cref="InvalidDataException">The table is longer than <see cref="MaxTableLength"/> or has more than <see cref="MaxSymbols"/> text symbols.</exception>
    public static KernelSymbols Parse(TextReader reader, out int skipped)
    {
        var symbols = new List<KernelSymbol>();
        skipped = 0;
        var lines = new BoundedLineReader(reader, MaxLineLength, MaxTableLength);
        while (lines.TryReadLine(out string? line))
        {
            if (line is null)
            {
                skipped++;
                continue;
            }

            string[] parts = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || parts[1].Length != 1 ||
                !ulong.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong address))
            {
                skipped++;
                continue;
            }

            if (address == 0 || parts[1] is not ("t" or "T" or "w" or "W"))
            {
                continue;
            }

            if (symbols.Count == MaxSymbols)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"more than {MaxSymbols} text symbols"));
            }

            string? module = parts.Length > 3 ? parts[3].Trim('[', ']') : null;
            symbols.Add(new KernelSymbol(address, parts[2], module));
        }

        symbols.Sort(static (a, b) => a.Address.CompareTo(b.Address));
        return new KernelSymbols(symbols.ToArray());
    }

    /// <summary>
    /// The running kernel's /proc/kallsyms, read on first use and shared (it is about 200,000 lines); null
    /// when it cannot be read or its addresses are hidden. A failure is not kept for the life of the
    /// process: the first reader may have been a thread with its capabilities lowered (no CAP_SYSLOG reads
    /// zero addresses), so a later use tries again, at most every five seconds.
    /// </summary>
    public static KernelSymbols? Running
    {
        get
        {
            if (Volatile.Read(ref s_running) is { } running)
            {
                return running;
            }

            lock (RunningLock)
            {
                long now = Environment.TickCount64;
                if (s_running is null && (s_lastAttempt == long.MinValue || now - s_lastAttempt >= (long)RetryAfter.TotalMilliseconds))
                {
                    s_lastAttempt = now;
                    Volatile.Write(ref s_running, LoadRunning());
                }

                return s_running;
            }
        }
    }

    /// <summary>Reads a kallsyms file, with the rights of the user who ran the process; see <see cref="Parse"/>.</summary>
    /// <exception cref="Files.UnusableFileException">The file cannot be opened or is not a regular file.</exception>
    /// <exception cref="InvalidDataException">The file is too long or has too many symbols to be a kallsyms table.</exception>
    public static KernelSymbols Load(string path, out int skipped)
    {
        using var reader = new StreamReader(Files.SafeFile.OpenInput(path));
        return Parse(reader, out skipped);
    }

    private static KernelSymbols? LoadRunning()
    {
        try
        {
            KernelSymbols symbols = Load("/proc/kallsyms", out _);
            return symbols.Count > 0 ? symbols : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The symbol containing <paramref name="address"/> and the offset into it; false when the
    /// address is below every symbol or more than <see cref="MaxOffset"/> past the nearest one.</summary>
    public bool TryResolve(ulong address, out KernelSymbol symbol, out ulong offset)
    {
        int low = 0;
        int high = _symbols.Length - 1;
        int found = -1;
        while (low <= high)
        {
            int middle = low + ((high - low) / 2);
            if (_symbols[middle].Address <= address)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (found < 0)
        {
            symbol = null!;
            offset = 0;
            return false;
        }

        symbol = _symbols[found];
        offset = address - symbol.Address;
        if (offset > MaxOffset)
        {
            symbol = null!;
            offset = 0;
            return false;
        }

        return true;
    }

    /// <summary>
    /// "__udp4_lib_rcv+0x9a2", with " [module]" for module symbols; null when unresolved. A source
    /// formats every drop's address: the same address gives the same string, made once. Thread-safe.
    /// </summary>
    public string? Format(ulong address)
    {
        if (_formatted.TryGetValue(address, out string? text))
        {
            return text;
        }

        text = FormatOnce(address);
        if (Volatile.Read(ref _formattedCount) < MaxFormatted && _formatted.TryAdd(address, text))
        {
            Interlocked.Increment(ref _formattedCount);
        }

        return text;
    }

    private string? FormatOnce(ulong address)
    {
        if (!TryResolve(address, out KernelSymbol symbol, out ulong offset))
        {
            return null;
        }

        string text = string.Format(CultureInfo.InvariantCulture, "{0}+0x{1:x}", symbol.Name, offset);
        return symbol.Module is null ? text : text + " [" + symbol.Module + "]";
    }
}
