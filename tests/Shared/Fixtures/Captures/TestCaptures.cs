using System;
using System.Collections.Generic;
using System.IO;
using NetDrop.CaptureFiles;

namespace NetDrop.Tests.Capture;

/// <summary>The real NET_DM captures in testdata/net_dm and helpers to read them whole.</summary>
internal static class TestCaptures
{
    public static readonly string[] Names = { "netdm-packet", "netdm-summary", "netdm-packet-swhw" };

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in Names)
            {
                data.Add(name);
            }

            return data;
        }
    }

    public static string PcapPath(string name) => Path.Combine(AppContext.BaseDirectory, "testdata", "net_dm", name + ".pcap");

    public static string TsharkPath(string name) => Path.Combine(AppContext.BaseDirectory, "testdata", "net_dm", name + ".tshark-V.txt");

    public static byte[] PcapBytes(string name) => File.ReadAllBytes(PcapPath(name));

    public static IReadOnlyList<TsharkFrame> Tshark(string name) => TsharkDecode.Parse(File.ReadAllLines(TsharkPath(name)));

    /// <summary>Reads every frame the reader gives, copying each out of the reader's buffer.</summary>
    public static List<CapturedFrame> ReadAll(CaptureFileReader reader)
    {
        var frames = new List<CapturedFrame>();
        while (reader.TryReadNext(out CapturedRecord record))
        {
            frames.Add(CapturedFrame.From(record));
        }

        return frames;
    }

    public static List<CapturedFrame> ReadAll(byte[] file, out CaptureError? error, out CaptureFileReader reader)
    {
        reader = CaptureFileReader.Open(new MemoryStream(file, writable: false));
        List<CapturedFrame> frames = ReadAll(reader);
        error = reader.Error;
        return frames;
    }
}
