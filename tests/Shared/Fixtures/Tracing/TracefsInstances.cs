using System.Globalization;
using System.IO;
using NetDrop.Tracing;

namespace NetDrop.Tests.Tracing;

/// <summary>The tracefs instance a NetDrop process of this test run made, found by its owner's pid.</summary>
internal static class TracefsInstances
{
    /// <summary>
    /// The tracefs instance of the process <paramref name="pid"/> of this PID namespace, found by its name's
    /// namespace and PID (its start time cannot be read once it has exited); a path that does not exist when there is none.
    /// </summary>
    internal static string InstancePath(int pid)
    {
        string instances = Path.Combine(Tracefs.Locate(), "instances");
        string prefix = string.Create(CultureInfo.InvariantCulture, $"{TracefsInstance.NamePrefix}{TracefsInstanceOwner.Current.PidNamespace}-{pid}-");
        string[] found = Directory.GetDirectories(instances, prefix + "*");
        Assert.True(found.Length <= 1, "one instance per process: " + string.Join(", ", found));
        return found.Length == 1 ? found[0] : Path.Combine(instances, prefix + "none");
    }
}
