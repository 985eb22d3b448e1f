using System.Globalization;
using System.IO;
using NetDrop.Cli.Output;
using NetDrop.Kernel;

namespace NetDrop.Cli.Watch;

/// <summary>--mode packet: one line per drop: time, reason, function, interface, what the packet was, and after a bar what else the source knows (namespace, mark, task).</summary>
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
        _output.Write(FrameText.Describe(drop.Frame, drop.Event.OriginalLength));
        WriteContext(e);
        _output.WriteLine();
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

    /// <summary>" | netns=… mark=… len=… cpu=… pid=… comm=…": what the source knows beyond the packet, in the filter's names.</summary>
    private void WriteContext(DropEvent e)
    {
        if (e.NetnsInode is null && e.Cpu is null && e.Pid is null && e.Tid is null && e.Comm is null && e.Mark is null && e.Length is null && e.LocalPort is null)
        {
            return;
        }

        _output.Write(" |");
        Pair("netns", e.NetnsInode);
        if (e.Mark is { } mark)
        {
            _output.Write(" mark=0x");
            _output.Write(mark.ToString("x", CultureInfo.InvariantCulture));
        }

        Pair("len", e.Length);
        Pair("lport", e.LocalPort);
        Pair("cpu", e.Cpu);
        Pair("pid", e.Pid);

        // A thread of its own only when it is not the process's main thread.
        if (e.Tid is { } tid && tid != e.Pid)
        {
            Pair("tid", tid);
        }

        if (e.Comm is { } comm)
        {
            _output.Write(" comm=");
            TerminalText.Write(_output, comm);
        }
    }

    private void Pair(string name, long? value)
    {
        if (value is { } number)
        {
            _output.Write(' ');
            _output.Write(name);
            _output.Write('=');
            _output.Write(number.ToString(CultureInfo.InvariantCulture));
        }
    }

    public void Flush() => _output.Flush();
}
