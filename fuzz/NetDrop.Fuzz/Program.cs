using System;
using System.Collections.Generic;
using System.IO;
using SharpFuzz;

namespace NetDrop.Fuzz;

/// <summary>
/// netdrop-fuzz TARGET: runs one target under afl-fuzz (SharpFuzz's fork server; input on stdin).
/// netdrop-fuzz TARGET FILE|DIR...: replays saved inputs through the target without AFL and prints
/// what each did, so a crash AFL found can be read with its stack trace.
/// netdrop-fuzz list: the targets.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "list" or "--help" or "-h")
        {
            if (args.Length == 0 || args[0] != "list")
            {
                Console.Error.WriteLine("usage: NetDrop.Fuzz TARGET [FILE|DIR...]   (no files: read inputs from afl-fuzz)");
            }

            foreach (FuzzTarget target in FuzzTargets.All)
            {
                Console.WriteLine($"{target.Name,-16} {target.Description}");
            }

            return args.Length == 0 ? 2 : 0;
        }

        FuzzTarget? chosen = FuzzTargets.Find(args[0]);
        if (chosen is null)
        {
            Console.Error.WriteLine($"NetDrop.Fuzz: no target '{args[0]}'; 'NetDrop.Fuzz list' shows them.");
            return 2;
        }

        if (args.Length == 1)
        {
            RunUnderAfl(chosen);
            return 0;
        }

        return Replay(chosen, args[1..]);
    }

    private static void RunUnderAfl(FuzzTarget target)
    {
        // One buffer for every input: the stream SharpFuzz hands over is stdin, rewound per run.
        // Out of process: the inputs run in a child that SharpFuzz restarts when it dies, so an input that
        // kills the process (a stack overflow cannot be caught) is reported to afl-fuzz as a crash with the
        // input saved, instead of taking the fork server down with it.
        var buffer = new MemoryStream();
        Fuzzer.OutOfProcess.Run(stream =>
        {
            buffer.SetLength(0);
            stream.CopyTo(buffer);
            target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
    }

    private static int Replay(FuzzTarget target, string[] paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                string[] inDirectory = Directory.GetFiles(path);
                Array.Sort(inDirectory, StringComparer.Ordinal);
                foreach (string file in inDirectory)
                {
                    // AFL keeps a README.txt beside its crashes.
                    if (!file.EndsWith("README.txt", StringComparison.Ordinal))
                    {
                        files.Add(file);
                    }
                }
            }
            else
            {
                files.Add(path);
            }
        }

        int failed = 0;
        foreach (string file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
                Console.WriteLine($"ok    {file}");
            }
            catch (Exception exception)
            {
                failed++;
                Console.WriteLine($"CRASH {file}");
                Console.WriteLine(exception.ToString());
            }
        }

        Console.WriteLine($"{target.Name}: {files.Count - failed} of {files.Count} inputs ran clean, {failed} crashed");
        return failed == 0 ? 0 : 1;
    }
}
