using System.IO;
using NetDrop.Cli.Output;
using NetDrop.Kernel;

namespace NetDrop.Cli.Watch;

/// <summary>--mode packet: one line per drop: time, reason, function, interface, and what the packet was.</summary>
internal sealed class PacketLineSink : IDropSink
{
    private readonly TextWriter _output;
    private readonly bool _kernelAddresses;

    /// <param name="kernelAddresses">Print the raw kernel address where there is no symbol; without it "unknown".</param>
    public PacketLineSink(TextWriter output, bool kernelAddresses = false)
    {
        _output = output;
        _kernelAddresses = kernelAddresses;
    }

    // Reason, symbol, trap and interface are the kernel's strings: escaped, so none reaches the terminal raw.
    public void Write(in WatchedDrop drop)
    {
        DropEvent e = drop.Event;
        _output.Write(TimeText.Iso(e.UnixNanoseconds));
        _output.Write(' ');
        if (e.ReasonName is { } reason)
        {
            TerminalText.Write(_output, reason);
        }
        else if (e.IsHardwareDrop)
        {
            _output.Write("hw:");
            TerminalText.Write(_output, e.HardwareTrap ?? "-");
        }
        else
        {
            _output.Write('-');
        }

        _output.Write(' ');
        TerminalText.Write(_output, KernelFunction.Describe(e, _kernelAddresses));
        _output.Write(' ');
        TerminalText.Write(_output, e.InterfaceName ?? "-");
        _output.Write(' ');
        _output.WriteLine(FrameText.Describe(drop.Frame, drop.Event.OriginalLength));
        if (e.KernelStack is { } stack)
        {
            foreach (string frame in stack)
            {
                _output.Write("    ");
                TerminalText.Write(_output, frame);
                _output.WriteLine();
            }
        }
    }

    public void Flush() => _output.Flush();
}
