using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Emit;

namespace NetDrop.Generators.Tests;

/// <summary>
/// Compiles probe code against the code generated from specs (the kernel's, in testdata/ynl) and runs one of
/// its static methods, for the live tests: each spec in a namespace of its own (rt-link.yaml →
/// Test.RtLink), the probe in a collectible context so runs do not pile up.
/// </summary>
internal static class LiveProbe
{
    /// <summary>
    /// Appended to every probe (which declares <c>namespace App;</c>): runs a body on a thread of its
    /// own inside a named namespace, since setns moves only the calling thread; sockets made there stay
    /// in that namespace.
    /// </summary>
    private const string Support = """

        internal static class InNamespace
        {
            public static void Run(string netns, global::System.Action body)
            {
                global::System.Exception? failure = null;
                var thread = new global::System.Threading.Thread(() =>
                {
                    try
                    {
                        using global::NetDrop.Kernel.NetworkNamespaceEntry entry = global::NetDrop.Kernel.NetworkNamespaceEntry.EnterNamed(netns);
                        body();
                    }
                    catch (global::System.Exception e)
                    {
                        failure = e;
                    }
                });
                thread.Start();
                thread.Join();
                if (failure is not null)
                {
                    throw failure;
                }
            }
        }
        """;

    /// <summary>Runs <c>App.Probe.&lt;method&gt;(arguments)</c> over kernel specs of testdata/ynl, which returns what it read as text.</summary>
    public static string Invoke(string[] specs, string probe, string method, params object[] arguments) =>
        Invoke(
            specs.Select(spec =>
            {
                string path = Path.Combine(AppContext.BaseDirectory, "ynl", spec);
                return new SpecInput(path, File.ReadAllText(path), "Test." + NetDrop.Ynl.YnlNames.Pascal(Path.GetFileNameWithoutExtension(spec)));
            }).ToArray(),
            probe,
            method,
            arguments);

    /// <summary>Runs <c>App.Probe.&lt;method&gt;(arguments)</c> over the code generated from <paramref name="inputs"/>.</summary>
    public static string Invoke(SpecInput[] inputs, string probe, string method, params object[] arguments)
    {
        GeneratorRun run = GeneratorHarness.Run(inputs, probe + Support);
        Assert.True(run.CompilationDiagnostics.IsEmpty, string.Join("\n", run.CompilationDiagnostics));
        using var stream = new MemoryStream();
        EmitResult emitted = run.OutputCompilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new AssemblyLoadContext("live-probe", isCollectible: true);
        try
        {
            stream.Position = 0;
            Assembly assembly = context.LoadFromStream(stream);
            MethodInfo entry = assembly.GetType("App.Probe", throwOnError: true)!.GetMethod(method)!;
            try
            {
                return (string)entry.Invoke(null, arguments)!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new InvalidOperationException("The probe failed: " + e.InnerException, e.InnerException);
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
