using System.IO;
using NetDrop.Cli.Read;
using NetDrop.Kernel;

namespace NetDrop.Cli.Watch;

/// <summary>--mode packet: one line per drop: time, reason, function, interface, and what the packet was.</summary>
internal sealed class PacketLineSink : IDropSink
{
    private readonly TextWriter _output;

    public PacketLineSink(TextWriter output) => _output = output;

    public void Write(in WatchedDrop drop)
    {
        DropEvent e = drop.Event;
        _output.Write(TextMessageSink.FormatIso(e.UnixNanoseconds));
        _output.Write(' ');
        _output.Write(e.ReasonName ?? (e.IsHardwareDrop ? "hw:" + (e.HardwareTrap ?? "-") : "-"));
        _output.Write(' ');
        _output.Write(KernelFunction.Describe(e));
        _output.Write(' ');
        _output.Write(e.InterfaceName ?? "-");
        _output.Write(' ');
        _output.WriteLine(FrameText.Describe(drop));
    }

    public void Flush() => _output.Flush();
}
