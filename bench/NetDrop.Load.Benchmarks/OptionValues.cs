using System;
using System.Collections.Generic;

namespace NetDrop.Load.Benchmarks;

/// <summary>Checks shared by the two benchmarks' command lines.</summary>
internal static class OptionValues
{
    public static double Positive(string name, double value) =>
        value > 0 ? value : throw new ArgumentException(name + " must be positive");

    /// <summary>A comma-separated --readers list, each one of <paramref name="known"/>.</summary>
    public static IReadOnlyList<string> Readers(string list, IReadOnlyList<string> known)
    {
        string[] readers = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string reader in readers)
        {
            if (!((ICollection<string>)known).Contains(reader))
            {
                throw new ArgumentException($"unknown reader '{reader}' ({string.Join(", ", known)})");
            }
        }

        return readers.Length > 0 ? readers : throw new ArgumentException("--readers names none");
    }
}
