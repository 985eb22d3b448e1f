using System.IO;
using System.Text;
using NetDrop.Cli.Read;

namespace NetDrop.Tests.Cli;

/// <summary>
/// Runs `netdrop read` in process, on a path or on bytes written to a temporary file; with
/// --kernel-addresses unless told otherwise, so the decoding tests see every field the message holds.
/// </summary>
internal static class ReadCommand
{
    public static ReadResult Run(string path, bool json = false, ushort? familyId = null, string? kallsyms = null, bool kernelAddresses = true)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int exit = ReadRunner.Run(new ReadOptions(path, json, familyId, kallsyms, kernelAddresses), output, error);
        return new ReadResult(exit, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    public static ReadResult Run(byte[] file, bool json = false, ushort? familyId = null)
    {
        string path = Path.Combine(Path.GetTempPath(), "netdrop-test-" + Path.GetRandomFileName() + ".pcap");
        File.WriteAllBytes(path, file);
        try
        {
            return Run(path, json, familyId);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
