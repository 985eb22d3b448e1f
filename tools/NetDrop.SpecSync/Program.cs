using System;
using NetDrop.SpecSync.Headers;
using NetDrop.SpecSync.Kernel;
using NetDrop.SpecSync.Specs;

namespace NetDrop.SpecSync;

/// <summary>
/// The build-time check the NetDrop package runs when a project sets NetDropKernelHeaders:
/// <c>NetDrop.SpecSync check HEADERS SPECS [VERSION]</c>. Exit code 0: the specs are current; 1: they
/// are out of date (the lines say what and how to fix it); 2: the headers or specs cannot be read.
/// Nothing is written. People use <c>netdrop specs sync</c>, which shares this code.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length is < 3 or > 4 || args[0] != "check")
        {
            Console.Error.WriteLine("usage: NetDrop.SpecSync check HEADERS-DIRECTORY SPECS-DIRECTORY [KERNEL-VERSION]");
            return 2;
        }

        try
        {
            KernelVersion? version = args.Length == 4 && args[3].Length > 0 ? KernelVersion.Parse(args[3]) : null;
            KernelSnapshot snapshot = KernelHeaders.Read(args[1], version);
            SpecSyncResult result = SpecSynchronizer.Sync(args[2], snapshot, write: false);
            if (result.UpToDate)
            {
                Console.WriteLine($"NetDrop specs in {args[2]} are current with the Linux {snapshot.Version} headers in {args[1]}.");
                return 0;
            }

            Console.WriteLine($"NetDrop specs out of date with the Linux {snapshot.Version} headers in {args[1]}: {string.Join(", ", result.OutOfDate)} ({result.Summary()}). Fix: netdrop specs sync --headers {args[1]} --specs {args[2]}");
            return 1;
        }
        catch (Exception exception) when (exception is HeaderFormatException or SpecFormatException or FormatException or System.IO.IOException or UnauthorizedAccessException)
        {
            Console.WriteLine("NetDrop specs cannot be checked: " + exception.Message);
            return 2;
        }
    }
}
