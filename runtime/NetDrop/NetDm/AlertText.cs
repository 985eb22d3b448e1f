using System;
using System.Collections.Generic;
using System.Text;
using NetDrop.Kernel;

namespace NetDrop.NetDm;

/// <summary>
/// Turns an alert's UTF-8 values and program counters into strings. The streaming form reuses the
/// strings of values it has seen, so a repeated symbol or reason is not a new string; the owning
/// form (for alerts that are kept anyway) makes a new one each time and keeps nothing.
/// </summary>
internal sealed class AlertText
{
    // Kernel drop locations are a bounded set, but a symbol table per summary point is not worth
    // unbounded memory: past this many, the map starts over.
    private const int MaxSymbols = 4096;

    private static readonly AlertText s_plain = new(null, cached: false);

    private readonly KernelSymbols? _symbols;
    // A cache per field, so each field's last value is the one checked first.
    private readonly Utf8StringCache?[] _strings;
    private readonly Dictionary<ulong, string?>? _locations;

    private AlertText(KernelSymbols? symbols, bool cached)
    {
        _symbols = symbols;
        _strings = new Utf8StringCache?[(int)AlertTextField.Count];
        if (cached)
        {
            for (int i = 0; i < _strings.Length; i++)
            {
                _strings[i] = new Utf8StringCache();
            }

            _locations = [];
        }
    }

    /// <summary>Strings shared between alerts, for the streaming reader.</summary>
    public static AlertText Cached(KernelSymbols? symbols) => new(symbols, cached: true);

    /// <summary>A new string every time, holding no state between alerts.</summary>
    public static AlertText Uncached(KernelSymbols? symbols) => symbols is null ? s_plain : new(symbols, cached: false);

    /// <summary>The string for <paramref name="utf8"/>, a value of <paramref name="field"/>; null when it is empty.</summary>
    public string? Get(AlertTextField field, ReadOnlySpan<byte> utf8)
    {
        if (_strings[(int)field] is { } cache)
        {
            return cache.Get(utf8);
        }

        return utf8.IsEmpty ? null : Encoding.UTF8.GetString(utf8);
    }

    /// <summary>The location as symbol+offset; null without kernel symbols.</summary>
    public string? Symbol(ulong programCounter)
    {
        if (_symbols is null)
        {
            return null;
        }

        if (_locations is null)
        {
            return _symbols.Format(programCounter);
        }

        if (!_locations.TryGetValue(programCounter, out string? name))
        {
            if (_locations.Count >= MaxSymbols)
            {
                _locations.Clear();
            }

            name = _symbols.Format(programCounter);
            _locations.Add(programCounter, name);
        }

        return name;
    }
}
