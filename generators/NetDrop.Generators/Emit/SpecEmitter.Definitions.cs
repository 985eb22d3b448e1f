using System.Collections.Generic;
using NetDrop.Generators.Model;

namespace NetDrop.Generators.Emit;

// Consts, enums and flags, and the lookup helpers of a drop-reason catalogue.
internal sealed partial class SpecEmitter
{
    private void WriteDefinitions(SourceWriter w)
    {
        if (_spec.Consts.Count > 0)
        {
            w.WriteSummary($"Constants of {_spec.FileName}.");
            w.WriteLine(GeneratedCode);
            w.OpenBlock($"public static partial class {_spec.TypePrefix}Constants");
            foreach (ConstModel constant in _spec.Consts)
            {
                w.WriteSummary(Xml(constant.Doc));
                w.WriteLine($"public const {ConstType(constant.Value)} {constant.CName} = {Invariant(constant.Value)};");
            }

            w.CloseBlock();
            w.WriteLine();
        }

        foreach (EnumModel model in _spec.Enums)
        {
            WriteEnum(w, model);
            if (model.IsDropReasonCatalog)
            {
                WriteCatalogInfo(w, model);
            }
        }
    }

    private static string ConstType(long value) =>
        value is >= int.MinValue and <= int.MaxValue ? "int" : value is >= 0 and <= uint.MaxValue ? "uint" : "long";

    private void WriteEnum(SourceWriter w, EnumModel model)
    {
        // YNL spells enum-name in kebab case (netlink-attribute-type); C has underscores.
        string cNote = model.CName is null ? string.Empty : $"C: enum {model.CName.Replace('-', '_')}.";
        w.WriteSummary(Join(Xml(model.Doc), cNote));
        if (model.IsFlags)
        {
            w.WriteLine("[global::System.Flags]");
        }

        if (model.IsDropReasonCatalog)
        {
            // Lookups points analyzers at the name mapping to suggest instead of the kernel's numbers.
            w.WriteLine($"[global::NetDrop.Metadata.DropReasonCatalog(Lookups = typeof({model.TypeName}Catalog))]");
        }

        w.WriteLine(SpecSource(model.SpecName));
        w.WriteLine(GeneratedCode);
        w.OpenBlock($"public enum {model.TypeName} : {model.UnderlyingType}");
        foreach (EnumEntryModel entry in model.Entries)
        {
            string note = entry.Kernels is null ? $"C: {entry.CName}." : $"C: {entry.CName}. Kernel numbers: {entry.Kernels}.";
            w.WriteSummary(Join(Xml(entry.Doc), note));
            if (model.IsDropReasonCatalog)
            {
                w.WriteLine($"[global::NetDrop.Metadata.DropReasonInfo({Naming.Literal(Naming.KernelName(entry.SpecName))}, {Naming.Literal(entry.Subsystem ?? string.Empty)})]");
            }

            w.WriteLine($"{entry.MemberName} = {EnumValue(model, entry.Value)},");
        }

        w.CloseBlock();
        w.WriteLine();
    }

    private static string EnumValue(EnumModel model, long value) =>
        model.IsFlags && value > 9 ? "0x" + value.ToString("X", System.Globalization.CultureInfo.InvariantCulture) : Invariant(value);

    /// <summary>
    /// Kernel name ↔ enum lookups for a drop-reason catalogue. The runtime meets reasons as names
    /// (NET_DM sends a string; tracefs prints a number→name table), so the lookup by UTF-8 bytes
    /// allocates nothing: it switches on the length and compares bytes.
    /// </summary>
    private void WriteCatalogInfo(SourceWriter w, EnumModel model)
    {
        EnumModel? subsystems = null;
        foreach (EnumModel candidate in _spec.Enums)
        {
            if (candidate.SpecName == model.SubsystemEnum)
            {
                subsystems = candidate;
            }
        }

        string type = model.TypeName;
        w.WriteSummary($"The kernel's names, subsystems and descriptions of the <see cref=\"{type}\"/> values, and lookups by kernel name.");
        w.WriteLine(GeneratedCode);
        w.OpenBlock($"public static partial class {type}Catalog");
        w.WriteSummary("How many reasons the catalogue holds.");
        w.WriteLine($"public const int Count = {model.Entries.Count};");
        w.WriteLine();

        w.WriteSummary("The name as the kernel spells it (NO_SOCKET), or null for a value outside the catalogue.");
        w.OpenBlock($"public static string? KernelName({type} reason) => reason switch");
        foreach (EnumEntryModel entry in model.Entries)
        {
            w.WriteLine($"{type}.{entry.MemberName} => {Naming.Literal(Naming.KernelName(entry.SpecName))},");
        }

        w.WriteLine("_ => null,");
        w.CloseBlock(";");
        w.WriteLine();

        w.WriteSummary("The kernel's doc comment for the reason, or null for a value outside the catalogue.");
        w.OpenBlock($"public static string? Description({type} reason) => reason switch");
        foreach (EnumEntryModel entry in model.Entries)
        {
            w.WriteLine($"{type}.{entry.MemberName} => {Naming.Literal(entry.Doc ?? string.Empty)},");
        }

        w.WriteLine("_ => null,");
        w.CloseBlock(";");
        w.WriteLine();

        w.WriteSummary("The first kernel, of those the spec was synced with, that has the reason (6.1); null when none of them has it.");
        w.OpenBlock($"public static string? Since({type} reason) => reason switch");
        foreach (EnumEntryModel entry in model.Entries)
        {
            if (entry.Since is not null)
            {
                w.WriteLine($"{type}.{entry.MemberName} => {Naming.Literal(entry.Since)},");
            }
        }

        w.WriteLine("_ => null,");
        w.CloseBlock(";");
        w.WriteLine();

        if (subsystems is not null)
        {
            w.WriteSummary("The subsystem the reason belongs to.");
            w.OpenBlock($"public static {subsystems.TypeName} Subsystem({type} reason) => reason switch");
            var bySubsystem = new Dictionary<string, List<string>>();
            foreach (EnumEntryModel entry in model.Entries)
            {
                string key = entry.Subsystem ?? string.Empty;
                if (!bySubsystem.TryGetValue(key, out List<string>? list))
                {
                    bySubsystem[key] = list = new List<string>();
                }

                list.Add($"{type}.{entry.MemberName}");
            }

            string? fallback = null;
            foreach (EnumEntryModel subsystem in subsystems.Entries)
            {
                if (!bySubsystem.TryGetValue(subsystem.SpecName, out List<string>? members))
                {
                    continue;
                }

                // The first subsystem (core) takes the default arm, so the switch stays short.
                if (fallback is null)
                {
                    fallback = subsystem.MemberName;
                    continue;
                }

                w.WriteLine($"{string.Join(" or ", members)} => {subsystems.TypeName}.{subsystem.MemberName},");
            }

            w.WriteLine($"_ => {subsystems.TypeName}.{fallback ?? subsystems.Entries[0].MemberName},");
            w.CloseBlock(";");
            w.WriteLine();
        }

        w.WriteSummary("Finds a reason by the kernel's name, given as UTF-8 bytes (NO_SOCKET). Allocates nothing.");
        w.OpenBlock($"public static bool TryParseKernelName(global::System.ReadOnlySpan<byte> name, out {type} reason)");
        var byLength = new SortedDictionary<int, List<EnumEntryModel>>();
        foreach (EnumEntryModel entry in model.Entries)
        {
            int length = Naming.KernelName(entry.SpecName).Length;
            if (!byLength.TryGetValue(length, out List<EnumEntryModel>? list))
            {
                byLength[length] = list = new List<EnumEntryModel>();
            }

            list.Add(entry);
        }

        w.OpenBlock("switch (name.Length)");
        foreach (KeyValuePair<int, List<EnumEntryModel>> group in byLength)
        {
            w.WriteLine($"case {group.Key}:");
            w.Indent();
            foreach (EnumEntryModel entry in group.Value)
            {
                w.OpenBlock($"if (global::System.MemoryExtensions.SequenceEqual(name, {Naming.Literal(Naming.KernelName(entry.SpecName))}u8))");
                w.WriteLine($"reason = {type}.{entry.MemberName};");
                w.WriteLine("return true;");
                w.CloseBlock();
            }

            w.WriteLine("break;");
            w.Unindent();
        }

        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("reason = default;");
        w.WriteLine("return false;");
        w.CloseBlock();
        w.WriteLine();

        w.WriteSummary("Finds a reason by the kernel's name (NO_SOCKET).");
        w.OpenBlock($"public static bool TryParseKernelName(global::System.ReadOnlySpan<char> name, out {type} reason)");
        w.OpenBlock("switch (name)");
        foreach (EnumEntryModel entry in model.Entries)
        {
            w.WriteLine($"case {Naming.Literal(Naming.KernelName(entry.SpecName))}: reason = {type}.{entry.MemberName}; return true;");
        }

        w.CloseBlock();
        w.WriteLine();
        w.WriteLine("reason = default;");
        w.WriteLine("return false;");
        w.CloseBlock();
        w.CloseBlock();
        w.WriteLine();
    }

    private static string? Join(string? doc, string note) =>
        string.IsNullOrEmpty(doc) ? (note.Length == 0 ? null : note) : note.Length == 0 ? doc : doc + "\n" + note;
}
