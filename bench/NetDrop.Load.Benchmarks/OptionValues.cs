using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetDrop.Load.Benchmarks;

/// <summary>The command-line walk and value checks the benchmarks' options share.</summary>
internal static class OptionValues
{
    /// <summary>
    /// Walks NAME VALUE pairs from <paramref name="options"/>'s defaults: -h or --help gives
    /// <paramref name="help"/>'s options at once; any other name needs a value and goes to
    /// <paramref name="apply"/>, which throws ArgumentException for a name it does not know.
    /// </summary>
    public static T Parse<T>(ReadOnlySpan<string> args, T options, Func<T, T> help, Func<T, string, string, T> apply)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help")
            {
                return help(options);
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            options = apply(options, name, args[++i]);
        }

        return options;
    }

    public static double PositiveDouble(string name, string value) => Positive(name, double.Parse(value, CultureInfo.InvariantCulture));

    public static int PositiveInt(string name, string value) => (int)Positive(name, int.Parse(value, CultureInfo.InvariantCulture));

    public static long PositiveLong(string name, string value) => (long)Positive(name, long.Parse(value, CultureInfo.InvariantCulture));

    /// <summary>A --rate: drops or frames per second, or "max" (null) for as fast as the generator can.</summary>
    public static double? Rate(string name, string value) => value == "max" ? null : PositiveDouble(name, value);

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
