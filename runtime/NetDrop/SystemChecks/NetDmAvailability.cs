using System;
using System.IO;
using NetDrop.Netlink.Generic;
using NetDrop.NetDm;

namespace NetDrop.SystemChecks;

/// <summary>
/// Whether this kernel has NET_DM and, when not, why and how to get it: the generic netlink family,
/// the kernel's CONFIG_NET_DROP_MONITOR, and whether a drop_monitor module is installed to load.
/// </summary>
/// <param name="Registered">The controller lists a NET_DM family now.</param>
/// <param name="FamilyId">The family's run-time id, when registered.</param>
/// <param name="FamilyVersion">The family's version, when registered.</param>
/// <param name="ConfigSource">Where the kernel options were read; null when none could be.</param>
/// <param name="ConfigValue">CONFIG_NET_DROP_MONITOR: "y", "m", "not set", or null when unknown.</param>
/// <param name="ModulesSupported">The kernel loads modules (it has /proc/modules).</param>
/// <param name="ModuleFile">The drop_monitor module file listed in modules.dep, relative to the modules directory; null when none is.</param>
/// <param name="Problem">Why the family list or the kernel options could not be read; null when they were.</param>
public sealed record NetDmAvailability(
    bool Registered,
    ushort? FamilyId,
    uint? FamilyVersion,
    string? ConfigSource,
    string? ConfigValue,
    bool ModulesSupported,
    string? ModuleFile,
    string? Problem)
{
    public const string ConfigOption = "CONFIG_NET_DROP_MONITOR";

    /// <summary>Not registered, but a module is installed that the kernel loads when NetDrop opens NET_DM.</summary>
    public bool Loadable => !Registered && ConfigValue is "m" or null && ModulesSupported && ModuleFile is not null;

    /// <summary>
    /// Looks NET_DM up in a dump of every family: unlike a lookup by name, a dump does not make the
    /// kernel load the drop_monitor module, so the check leaves the kernel as it was.
    /// </summary>
    public static NetDmAvailability Probe(KernelRelease kernel, KernelConfig? config, string? configProblem)
    {
        GenericNetlinkFamily? family = null;
        string? problem = configProblem is null ? null : "kernel options: " + configProblem;
        try
        {
            using GenericNetlinkConnection connection = GenericNetlinkConnection.Open();
            foreach (GenericNetlinkFamily candidate in connection.ListFamilies())
            {
                if (candidate.Name == NetDmFamily.Name)
                {
                    family = candidate;
                }
            }
        }
        catch (Exception e) when (e is IOException or NetlinkRequestException or TimeoutException or InvalidOperationException)
        {
            problem = (problem is null ? "" : problem + "; ") + "generic netlink family list: " + e.Message;
        }

        string modules = Path.Combine("/lib/modules", kernel.Release);
        return From(family, config, File.Exists("/proc/modules"), FindModule(Path.Combine(modules, "modules.dep")), problem);
    }

    /// <summary>The availability from what was read; <paramref name="family"/> is null when NET_DM is not registered.</summary>
    public static NetDmAvailability From(GenericNetlinkFamily? family, KernelConfig? config, bool modulesSupported, string? moduleFile, string? problem)
    {
        string? value = config is null ? null
            : config.Value(ConfigOption) ?? (config.Lists(ConfigOption) ? "not set" : null);
        return new NetDmAvailability(family is not null, family?.Id, family?.Version, config?.Source, value, modulesSupported, moduleFile, problem);
    }

    /// <summary>The drop_monitor entry of a modules.dep file ("kernel/net/core/drop_monitor.ko.xz"), or null.</summary>
    public static string? FindModule(string modulesDep)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(modulesDep);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (string line in lines)
        {
            int colon = line.IndexOf(':');
            string module = colon < 0 ? line : line.Substring(0, colon);
            string name = Path.GetFileName(module);
            if (name == "drop_monitor.ko" || name.StartsWith("drop_monitor.ko.", StringComparison.Ordinal))
            {
                return module;
            }
        }

        return null;
    }

    public Finding Assess()
    {
        const string Topic = "NET_DM";
        const string Fallback = "until then NetDrop reads the skb:kfree_skb tracepoint, which gives reasons and locations but not the packets' bytes";
        if (Registered)
        {
            return Finding.Ok(Topic, $"registered: generic netlink family {FamilyId}, version {FamilyVersion}");
        }

        string config = ConfigValue switch
        {
            null => $"{ConfigOption} is unknown ({Problem ?? "no kernel options file"})",
            "not set" => $"{ConfigOption} is not set in {ConfigSource}",
            _ => $"{ConfigOption}={ConfigValue} in {ConfigSource}",
        };
        string rebuild = $"use a kernel built with {ConfigOption}=y or =m";
        return ConfigValue switch
        {
            _ when Loadable => Finding.Warning(Topic, $"not loaded: {config}, module {ModuleFile}",
                "NetDrop loads it when it opens NET_DM as root (DropMonitor.Open); or load it now: modprobe drop_monitor"),
            "m" when !ModulesSupported => Finding.Missing(Topic, $"not registered: {config}, but this kernel cannot load modules (no /proc/modules)",
                $"{rebuild.Replace("=y or =m", "=y", StringComparison.Ordinal)}; {Fallback}"),
            "m" => Finding.Missing(Topic, $"not registered: {config}, but no drop_monitor module is installed for this kernel",
                $"install this kernel's modules package, then modprobe drop_monitor; {Fallback}"),
            "y" => Finding.Missing(Topic, $"not registered although {config}",
                $"the drop monitor failed to register at boot: look for drop_monitor in dmesg; {Fallback}"),
            _ => Finding.Missing(Topic, $"not registered: {config}" + (ModulesSupported ? ", no drop_monitor module is loaded" : ", and the kernel cannot load modules"),
                (ModulesSupported && ConfigValue is null ? "try modprobe drop_monitor, or " : "") + $"{rebuild}; {Fallback}"),
        };
    }
}
