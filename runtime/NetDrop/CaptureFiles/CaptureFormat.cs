namespace NetDrop.CaptureFiles;

/// <summary>The container format of a capture file.</summary>
public enum CaptureFormat
{
    /// <summary>The file header could not be read, so the format is not known.</summary>
    Unknown = 0,

    /// <summary>Classic libpcap format: one file header, then a 16-byte header per record.</summary>
    Pcap = 1,

    /// <summary>pcapng: a sequence of self-describing blocks in one or more sections.</summary>
    PcapNg = 2,
}
