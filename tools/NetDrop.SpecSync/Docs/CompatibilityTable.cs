using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetDrop.SpecSync.Kernel;
using NetDrop.SpecSync.Specs;
using NetDrop.Ynl;

namespace NetDrop.SpecSync.Docs;

/// <summary>
/// docs/drop-reasons.md: every drop reason of the catalogue with the first synced kernel that has it
/// and its number in each synced kernel, generated from drop_reasons.yaml so it cannot drift from it.
/// </summary>
public static class CompatibilityTable
{
    public static string Generate(string specPath)
    {
        SpecFile spec = SpecFile.Load(specPath);
        SortedSet<KernelVersion> kernels = spec.Kernels();
        var text = new StringBuilder();
        text.Append("# Drop reasons by kernel\n\n");
        text.Append("<!-- Generated from specs/drop_reasons.yaml by `netdrop specs docs`; do not edit. -->\n\n");
        text.Append("Every reason of NetDrop's `DropReason` catalogue: the first kernel that has it among those the spec was\n");
        text.Append("synced with (`netdrop specs sync`; \"≤\" when that is the oldest of them), and the number each of those\n");
        text.Append("kernels gives it. Kernel numbers are not ABI: NetDrop maps them to `DropReason` by name, from the running\n");
        text.Append("kernel's own table. \"—\" means that kernel has no such reason; a reason with no number at all came from a\n");
        text.Append("kernel not synced here.\n\n");
        text.Append("| reason | since |");
        foreach (KernelVersion version in kernels)
        {
            text.Append(' ').Append(version.ToString()).Append(" |");
        }

        text.Append(" note |\n|---|---|");
        foreach (KernelVersion unused in kernels)
        {
            text.Append("---:|");
        }

        text.Append("---|\n");
        foreach (YamlOutline item in DropReasonSync.Catalog(spec).Items)
        {
            if (item is not YamlMappingOutline entry || entry.String("name") is not { } name)
            {
                continue;
            }

            SortedDictionary<KernelVersion, long> numbers = YamlText.ReadKernelMap(entry["kernels"], spec.Path, spec.LineOf);
            text.Append("| `").Append(YnlNames.DropReasonKernelName(name)).Append("` | ");
            foreach (KernelVersion version in numbers.Keys)
            {
                // In the oldest kernel synced: it may well be older than that.
                text.Append(version.CompareTo(kernels.Min) <= 0 ? "≤ " : string.Empty).Append(version.ToString());
                break;
            }

            text.Append(" |");
            foreach (KernelVersion version in kernels)
            {
                text.Append(' ').Append(numbers.TryGetValue(version, out long number) ? number.ToString(CultureInfo.InvariantCulture) : "—").Append(" |");
            }

            string note = entry.String("renamed-from") is { } old ? "renamed from `" + YnlNames.DropReasonKernelName(old) + "`" : string.Empty;
            text.Append(' ').Append(note).Append(" |\n");
        }

        return text.ToString();
    }
}
