using System;
using System.Text;
using NetDrop.Kernel;

namespace NetDrop.NetDm;

/// <summary>
/// Turns an alert's UTF-8 values and program counters into strings. The streaming form reuses the
/// strings of values it has seen, so a repeated symbol or reason is not a new string; the owning
/// form (for alerts that are kept anyway) decodes each value anew and keeps nothing.
/// </summary>
internal sealed class AlertText
{
    private static readonly AlertText s_plain = new(null, cached: false);

    private readonly KernelSymbols? _symbols;
    // A cache per field, so each field's last value is the one checked first.
    private readonly Utf8StringCache?[] _strings;

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

    /// <summary>The location as symbol+offset (made once per address by <see cref="KernelSymbols.Format"/>); null without kernel symbols.</summary>
    public string? Symbol(ulong programCounter) => _symbols?.Format(programCounter);
}
