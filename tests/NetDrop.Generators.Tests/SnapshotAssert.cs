using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Compares text with a checked-in snapshot, Verify-style but in-house: Snapshots/&lt;name&gt;.verified.cs
/// in the source tree. A mismatch writes &lt;name&gt;.received.cs beside it (diff or copy it over) and
/// fails with the differing lines; NETDROP_UPDATE_SNAPSHOTS=1 accepts the new text instead.
/// </summary>
internal static class SnapshotAssert
{
    public const string UpdateVariable = "NETDROP_UPDATE_SNAPSHOTS";
    public const string VerifiedSuffix = ".verified.cs";
    public const string ReceivedSuffix = ".received.cs";

    private const int MaxDiffLines = 30;

    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The Snapshots folder in the source tree (not the output folder, where edits would be lost).</summary>
    public static string Directory => LazyDirectory.Value;

    private static readonly Lazy<string> LazyDirectory = new(FindDirectory);

    public static void Matches(string name, string actual) => Matches(Directory, name, actual, UpdateRequested);

    /// <summary>The comparison itself, with the folder and the update switch given (so it can be tested on a temporary folder).</summary>
    internal static void Matches(string directory, string name, string actual, bool update)
    {
        string verifiedPath = Path.Combine(directory, name + VerifiedSuffix);
        string receivedPath = Path.Combine(directory, name + ReceivedSuffix);
        string normalized = Normalize(actual);
        if (update)
        {
            System.IO.Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, normalized, Utf8NoBom);
            File.Delete(receivedPath);
            return;
        }

        string? expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (expected == normalized)
        {
            // A received file left from an earlier failure would only confuse the next reader.
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, normalized, Utf8NoBom);
        string hint = $"Wrote {receivedPath}. If the change is right, copy it over the verified file or run with {UpdateVariable}=1.";
        throw new XunitException(expected is null
            ? $"No snapshot {verifiedPath}. {hint}"
            : $"Snapshot {name} differs. {hint}\n{Diff(expected, normalized)}");
    }

    /// <summary>
    /// Fails when Snapshots holds verified files under <paramref name="prefix"/> that were not just
    /// compared: a generated file that went away must take its snapshot with it. Deletes them when updating.
    /// </summary>
    public static void NoOthers(string prefix, IReadOnlyCollection<string> names)
    {
        var expected = new HashSet<string>(names, StringComparer.Ordinal);
        var stale = new List<string>();
        foreach (string path in System.IO.Directory.GetFiles(Directory, prefix + "*" + VerifiedSuffix))
        {
            string fileName = Path.GetFileName(path);
            string name = fileName.Substring(0, fileName.Length - VerifiedSuffix.Length);
            if (!expected.Contains(name))
            {
                stale.Add(path);
            }
        }

        if (stale.Count == 0)
        {
            return;
        }

        if (UpdateRequested)
        {
            stale.ForEach(File.Delete);
            return;
        }

        throw new XunitException($"Snapshots of files no longer generated (delete them, or run with {UpdateVariable}=1):\n" + string.Join("\n", stale));
    }

    /// <summary>
    /// One hunk from the first to the last differing line, numbered like a unified diff: enough to
    /// see what changed without opening the files.
    /// </summary>
    internal static string Diff(string expected, string actual)
    {
        string[] left = expected.Split('\n');
        string[] right = actual.Split('\n');
        int prefix = 0;
        while (prefix < left.Length && prefix < right.Length && left[prefix] == right[prefix])
        {
            prefix++;
        }

        int suffix = 0;
        while (suffix < left.Length - prefix && suffix < right.Length - prefix && left[left.Length - 1 - suffix] == right[right.Length - 1 - suffix])
        {
            suffix++;
        }

        int leftCount = left.Length - prefix - suffix;
        int rightCount = right.Length - prefix - suffix;
        var builder = new StringBuilder();
        builder.Append("--- verified\n+++ received\n");
        builder.Append($"@@ -{prefix + 1},{leftCount} +{prefix + 1},{rightCount} @@\n");
        int written = 0;
        for (int i = 0; i < leftCount && written < MaxDiffLines; i++, written++)
        {
            builder.Append($"-{prefix + i + 1,5}: {left[prefix + i]}\n");
        }

        for (int i = 0; i < rightCount && written < MaxDiffLines; i++, written++)
        {
            builder.Append($"+{prefix + i + 1,5}: {right[prefix + i]}\n");
        }

        if (leftCount + rightCount > written)
        {
            builder.Append($"… {leftCount + rightCount - written} more differing lines\n");
        }

        return builder.ToString();
    }

    internal static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// This file's folder as the compiler saw it. A build with a PathMap (CI's deterministic
    /// builds) hides it; then the project folder is found by walking up from the output folder.
    /// </summary>
    private static string FindDirectory()
    {
        string? source = Path.GetDirectoryName(ThisFile());
        if (source is not null && System.IO.Directory.Exists(source))
        {
            return Path.Combine(source, "Snapshots");
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "NetDrop.Generators.Tests");
            if (System.IO.Directory.Exists(candidate))
            {
                return Path.Combine(candidate, "Snapshots");
            }
        }

        throw new InvalidOperationException("Cannot find tests/NetDrop.Generators.Tests in the source tree for the snapshots.");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
