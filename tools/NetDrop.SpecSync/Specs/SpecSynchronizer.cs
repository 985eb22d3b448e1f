using System;
using System.Collections.Generic;
using System.IO;
using NetDrop.SpecSync.Kernel;
using NetDrop.Ynl;

namespace NetDrop.SpecSync.Specs;

/// <summary>
/// Syncs the specs of a directory with what one kernel source says: drop_reasons.yaml (protocol
/// netdrop-drop-reasons) with its drop reasons, and each spec whose <c>uapi-header</c> is
/// linux/net_dropmon.h or linux/if_packet.h with that header. All specs are worked out before any is
/// written, so an error leaves every one of them untouched.
/// </summary>
public static class SpecSynchronizer
{
    public static SpecSyncResult Sync(string specsDirectory, KernelSnapshot snapshot, bool write)
    {
        if (!Directory.Exists(specsDirectory))
        {
            throw new SpecFormatException(specsDirectory, 0, "is not a directory of specs");
        }

        var changes = new List<SyncChange>();
        var updated = new List<SpecFile>();
        var skipped = new List<string>();
        string[] paths = Directory.GetFiles(specsDirectory, "*.yaml");
        Array.Sort(paths, StringComparer.Ordinal);
        foreach (string path in paths)
        {
            SpecFile spec = SpecFile.Load(path);
            List<SyncChange>? found = null;
            if (spec.Root.String("protocol") == YnlProtocols.DropReasons)
            {
                found = snapshot.DropReasons is { } reasons ? DropReasonSync.Apply(spec, snapshot.Version, reasons) : null;
            }
            else if (spec.Root.String("uapi-header") == "linux/net_dropmon.h")
            {
                found = snapshot.NetDm is { } header ? UapiSync.Apply(spec, snapshot.Version, header) : null;
            }
            else if (spec.Root.String("uapi-header") == "linux/if_packet.h")
            {
                found = snapshot.Packet is { } header ? UapiSync.Apply(spec, snapshot.Version, header) : null;
            }
            else
            {
                continue;
            }

            if (found is null)
            {
                skipped.Add(spec.FileName);
                continue;
            }

            changes.AddRange(found);
            if (spec.Changed || found.Exists(change => change.NeedsHand))
            {
                updated.Add(spec);
            }
        }

        var outOfDate = new List<string>();
        var written = new List<string>();
        foreach (SpecFile spec in updated)
        {
            // A changed spec must still be YAML the generator can read; checked before anything is written.
            if (spec.Changed)
            {
                YamlOutline.Parse(spec.Updated(), spec.Path);
                written.Add(spec.FileName);
            }

            outOfDate.Add(spec.FileName);
        }

        if (write)
        {
            foreach (SpecFile spec in updated)
            {
                if (spec.Changed)
                {
                    spec.Save();
                }
            }
        }

        return new SpecSyncResult(changes, outOfDate, written, skipped);
    }
}
