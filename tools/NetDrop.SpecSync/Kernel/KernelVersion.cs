using System;
using System.Globalization;

namespace NetDrop.SpecSync.Kernel;

/// <summary>
/// A kernel release as the specs record it: major.minor ("6.1", "6.18"). Stable and distribution
/// patch levels do not add or renumber drop reasons, so they are left out.
/// </summary>
public readonly record struct KernelVersion(int Major, int Minor) : IComparable<KernelVersion>
{
    public static bool TryParse(string? text, out KernelVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // "6.18.44-fc-v1300", "6.1.0-28-amd64", "6.1": the first two numbers.
        string[] parts = text.Trim().Split('.', '-', '+');
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor))
        {
            return false;
        }

        version = new KernelVersion(major, minor);
        return true;
    }

    public static KernelVersion Parse(string text) =>
        TryParse(text, out KernelVersion version) ? version : throw new FormatException($"'{text}' is not a kernel version (major.minor, as in 6.1)");

    /// <summary>The largest LINUX_VERSION_CODE accepted: the kernel's own is an int, and so is <see cref="Major"/>.</summary>
    public const long MaxCode = int.MaxValue;

    /// <summary>From LINUX_VERSION_CODE ((major &lt;&lt; 16) + (minor &lt;&lt; 8) + sublevel); null when it is not one (negative or past <see cref="MaxCode"/>).</summary>
    public static KernelVersion? FromCode(long code) => code is < 0 or > MaxCode ? null : new((int)(code >> 16), (int)((code >> 8) & 0xff));

    public int CompareTo(KernelVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public override string ToString() => Major.ToString(CultureInfo.InvariantCulture) + "." + Minor.ToString(CultureInfo.InvariantCulture);
}
