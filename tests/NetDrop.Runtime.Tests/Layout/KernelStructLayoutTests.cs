using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.Metadata;
using Xunit;

namespace NetDrop.Tests.Layout;

/// <summary>
/// Proves that every struct the source generator emitted from the specs has the layout the C
/// compiler gives the kernel's struct of the same name. The generator computes offsets from the
/// spec with the C rules; this test asks gcc instead, against the system's uapi headers, so a
/// wrong member type, a forgotten member, a union or an alignment the spec gets wrong all fail
/// here rather than as garbage read from a socket.
/// </summary>
public sealed class KernelStructLayoutTests
{
    // Every struct's C declaration comes from one of these; <time.h> is for struct timespec
    // (the SO_TIMESTAMPNS payload). Headers named by KernelStructAttribute.Header are added.
    private static readonly string[] BaseHeaders =
    [
        "stddef.h",
        "stdio.h",
        "time.h",
        "linux/if_packet.h",
        "linux/net_dropmon.h",
    ];

    // gcc and the program it builds get this long each; a hung compiler must not hang the run.
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    private const string InstallHint = "apt-get install gcc linux-libc-dev";

    // Unsafe.SizeOf<T> is the size the runtime uses when it reads a T out of a span, which is
    // how NetDrop reads ring frames and messages.
    private static readonly MethodInfo UnsafeSizeOf =
        typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf), BindingFlags.Public | BindingFlags.Static)
        ?? throw new InvalidOperationException("Unsafe.SizeOf<T> was not found.");

    [Fact]
    public async Task GeneratedKernelStructsHaveTheCCompilersLayout()
    {
        // KernelStructAttribute.Size is "sizeof in C, on 64-bit Linux": elsewhere the C side of
        // the comparison means something else (unsigned long is 4 bytes on 32-bit Linux).
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            Assert.Fail("The kernel struct layouts are defined for 64-bit Linux; run this test there.");
        }

        IReadOnlyList<KernelStruct> structs = FindKernelStructs();

        // Without this a generator that emitted nothing would pass every check below.
        foreach (string ns in new[] { "NetDrop.Packet", "NetDrop.NetDm" })
        {
            if (!structs.Any(s => s.Type.Namespace == ns))
            {
                Assert.Fail(
                    $"No [KernelStruct] type was found in namespace {ns} of {typeof(KernelStructAttribute).Assembly.GetName().Name}; " +
                    "the generator did not emit the spec's structs.");
            }
        }

        var mismatches = new List<string>();
        string source = WriteCProgram(structs, mismatches);
        if (mismatches.Count > 0)
        {
            Assert.Fail("Names that cannot go into C:" + Environment.NewLine + string.Join(Environment.NewLine, mismatches));
        }

        string directory = Directory.CreateTempSubdirectory("netdrop-layout-").FullName;
        try
        {
            string sourcePath = Path.Combine(directory, "layout.c");
            string programPath = Path.Combine(directory, "layout");
            await File.WriteAllTextAsync(sourcePath, source);

            ProcessResult compile;
            try
            {
                compile = await RunAsync("gcc", ["-std=gnu11", "-O0", "-o", programPath, sourcePath]);
            }
            catch (Win32Exception e)
            {
                // Fail rather than skip: a layout check that quietly does not run proves nothing.
                Assert.Fail($"gcc could not be started ({e.Message}). This test needs gcc and the kernel's uapi headers: {InstallHint}");
                return;
            }

            if (compile.ExitCode != 0)
            {
                // A generated struct or field that the C struct does not have shows up here as
                // "has no member named ..." (gcc reports them all in one run).
                Assert.Fail(
                    $"gcc could not compile the layout program (exit code {compile.ExitCode}). " +
                    $"If a header is missing: {InstallHint}.{Environment.NewLine}{compile.StandardError}" +
                    $"{Environment.NewLine}--- layout.c ---{Environment.NewLine}{source}");
            }

            ProcessResult run = await RunAsync(programPath, []);
            if (run.ExitCode != 0)
            {
                Assert.Fail($"The layout program failed (exit code {run.ExitCode}).{Environment.NewLine}{run.StandardError}");
            }

            CLayout c = ParseCLayout(run.StandardOutput);
            Compare(structs, c, mismatches);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        // All mismatches in one message, so one run shows everything the spec gets wrong.
        if (mismatches.Count > 0)
        {
            Assert.Fail(
                $"{mismatches.Count} layout mismatch(es) between the generated structs and the C compiler:" +
                Environment.NewLine + string.Join(Environment.NewLine, mismatches));
        }
    }

    private static IReadOnlyList<KernelStruct> FindKernelStructs()
    {
        Assembly runtime = typeof(KernelStructAttribute).Assembly;
        var found = new List<KernelStruct>();
        foreach (Type type in runtime.GetTypes())
        {
            KernelStructAttribute? attribute = type.GetCustomAttribute<KernelStructAttribute>(inherit: false);
            if (attribute is null)
            {
                continue;
            }

            // One public instance field per C member; flexible array members have none.
            FieldInfo[] fields = type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
            found.Add(new KernelStruct(type, attribute, fields));
        }

        // A stable order keeps the C program and the failure message the same from run to run.
        return found.OrderBy(s => s.Type.FullName, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A C program that prints "S index sizeof" for every struct and "F index field offsetof" for
    /// every field. Structs are numbered so two C# types of the same C name cannot be confused.
    /// </summary>
    private static string WriteCProgram(IReadOnlyList<KernelStruct> structs, List<string> errors)
    {
        var headers = new List<string>(BaseHeaders);
        foreach (string header in structs.Select(s => s.Attribute.Header).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!IsHeaderPath(header))
            {
                errors.Add($"header \"{header}\" is not a plain header path");
            }
            else if (!headers.Contains(header, StringComparer.Ordinal))
            {
                headers.Add(header);
            }
        }

        var c = new StringBuilder();
        foreach (string header in headers)
        {
            c.Append("#include <").Append(header).Append(">\n");
        }

        c.Append("\nint main(void)\n{\n");
        for (int i = 0; i < structs.Count; i++)
        {
            KernelStruct s = structs[i];
            if (!IsCIdentifier(s.Attribute.CName))
            {
                errors.Add($"{s.Type.FullName}: C name \"{s.Attribute.CName}\" is not a C identifier");
                continue;
            }

            // Every kernel struct here is a tagged struct, struct timespec included.
            string cType = "struct " + s.Attribute.CName;
            c.Append(CultureInfo.InvariantCulture, $"    printf(\"S %d %zu\\n\", {i}, sizeof({cType}));\n");
            foreach (FieldInfo field in s.Fields)
            {
                if (!IsCIdentifier(field.Name))
                {
                    errors.Add($"{s.Type.FullName}.{field.Name}: not a C identifier");
                    continue;
                }

                c.Append(CultureInfo.InvariantCulture, $"    printf(\"F %d {field.Name} %zu\\n\", {i}, offsetof({cType}, {field.Name}));\n");
            }
        }

        c.Append("    return 0;\n}\n");
        return c.ToString();
    }

    private static CLayout ParseCLayout(string output)
    {
        var sizes = new Dictionary<int, int>();
        var offsets = new Dictionary<(int Struct, string Field), int>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(' ');
            if (parts is ["S", string index, string size])
            {
                sizes[int.Parse(index, CultureInfo.InvariantCulture)] = int.Parse(size, CultureInfo.InvariantCulture);
            }
            else if (parts is ["F", string structIndex, string field, string offset])
            {
                offsets[(int.Parse(structIndex, CultureInfo.InvariantCulture), field)] = int.Parse(offset, CultureInfo.InvariantCulture);
            }
            else
            {
                Assert.Fail($"Unexpected line from the layout program: \"{line}\"");
            }
        }

        return new CLayout(sizes, offsets);
    }

    private static void Compare(IReadOnlyList<KernelStruct> structs, CLayout c, List<string> mismatches)
    {
        for (int i = 0; i < structs.Count; i++)
        {
            KernelStruct s = structs[i];
            string name = $"{s.Type.FullName} (struct {s.Attribute.CName})";
            if (!c.Sizes.TryGetValue(i, out int cSize))
            {
                mismatches.Add($"{name}: the layout program printed no sizeof");
                continue;
            }

            // The attribute is what analyzers and CMSG/sockopt size checks trust.
            if (s.Attribute.Size != cSize)
            {
                mismatches.Add($"{name}: sizeof in C is {cSize}, [KernelStruct] says {s.Attribute.Size}");
            }

            // The generated layout itself: explicit, with the C size, as the runtime sees it.
            StructLayoutAttribute? layout = s.Type.StructLayoutAttribute;
            if (layout is null || layout.Value != LayoutKind.Explicit)
            {
                mismatches.Add($"{name}: not [StructLayout(LayoutKind.Explicit)]");
            }
            else if (layout.Size != cSize)
            {
                mismatches.Add($"{name}: sizeof in C is {cSize}, [StructLayout] Size is {layout.Size}");
            }

            int managedSize = (int)UnsafeSizeOf.MakeGenericMethod(s.Type).Invoke(null, null)!;
            if (managedSize != cSize)
            {
                mismatches.Add($"{name}: sizeof in C is {cSize}, Unsafe.SizeOf is {managedSize}");
            }

            // The interop marshaller's size matters when the struct is passed to setsockopt by
            // P/Invoke. A struct it cannot marshal at all (an [InlineArray] member, say) is only
            // ever passed as bytes, so that case is not a layout error.
            int? marshalSize = null;
            try
            {
                marshalSize = Marshal.SizeOf(s.Type);
            }
            catch (ArgumentException)
            {
                // Not marshallable: nothing to compare.
            }

            if (marshalSize is int marshalled && marshalled != cSize)
            {
                mismatches.Add($"{name}: sizeof in C is {cSize}, Marshal.SizeOf is {marshalled}");
            }

            foreach (FieldInfo field in s.Fields)
            {
                // FieldOffset is a pseudo-attribute: reflection rebuilds it from the field's
                // metadata offset, so this is the offset the runtime really uses.
                FieldOffsetAttribute? offset = field.GetCustomAttribute<FieldOffsetAttribute>();
                if (!c.Offsets.TryGetValue((i, field.Name), out int cOffset))
                {
                    mismatches.Add($"{name}.{field.Name}: the layout program printed no offsetof");
                }
                else if (offset is null)
                {
                    mismatches.Add($"{name}.{field.Name}: has no [FieldOffset]; offsetof in C is {cOffset}");
                }
                else if (offset.Value != cOffset)
                {
                    mismatches.Add($"{name}.{field.Name}: offsetof in C is {cOffset}, [FieldOffset] is {offset.Value}");
                }
            }
        }
    }

    private static async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        process.Start();

        // Read both pipes while waiting, so a chatty process cannot block on a full pipe.
        Task<string> standardOutput = process.StandardOutput.ReadToEndAsync();
        Task<string> standardError = process.StandardError.ReadToEndAsync();

        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited after all, just as the wait gave up.
            }

            Assert.Fail($"{fileName} did not finish within {ProcessTimeout.TotalSeconds} s.");
        }

        return new ProcessResult(process.ExitCode, await standardOutput, await standardError);
    }

    // Names go into the C source, so they must be plain identifiers and header paths.
    private static bool IsCIdentifier(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');

    private static bool IsHeaderPath(string header) =>
        header.Length > 0 && header[0] != '.' && header[0] != '/' &&
        header.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.' or '/' or '-');

    private sealed record KernelStruct(Type Type, KernelStructAttribute Attribute, FieldInfo[] Fields);

    private sealed record CLayout(Dictionary<int, int> Sizes, Dictionary<(int Struct, string Field), int> Offsets);

    private sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
}
