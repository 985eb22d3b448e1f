using System;
using System.Text;
using NetDrop.Tracing;

namespace NetDrop.Fuzz.Targets;

/// <summary>
/// The two tracefs text files the tracepoint source trusts: events/skb/kfree_skb/format and
/// events/header_page, separated in the input by a NUL byte. Parsing either may fail only with a
/// FormatException; what parses must then be safe to use: a real page walked with the fuzzed layouts
/// reads nothing outside its records, and the source's page buffer stays within the kernel's limits.
/// </summary>
internal sealed class TraceFormatTarget : FuzzTarget
{
    public override string Name => "tracefs-format";

    public override string Description => "kfree_skb format and header_page files (TraceEventFormat, layouts, reason table), then a real page";

    public override void Run(ReadOnlySpan<byte> input)
    {
        int split = input.IndexOf((byte)0);
        string formatText = Encoding.UTF8.GetString(split < 0 ? input : input[..split]);
        string headerPageText = split < 0 ? TracefsVectors.HeaderPageText : Encoding.UTF8.GetString(input[(split + 1)..]);

        TraceEventFormat format;
        KfreeSkbLayout layout;
        KernelDropReasons reasons;
        RingBufferPageLayout pageLayout;
        try
        {
            format = TraceEventFormat.Parse(formatText);
            layout = KfreeSkbLayout.From(format);
            reasons = KernelDropReasons.From(format);
            pageLayout = RingBufferPageLayout.Parse(headerPageText);
        }
        catch (FormatException exception)
        {
            Invariants.That(exception.Message.Length > 0, "a format error without a message");
            return;
        }

        foreach (string name in reasons.Unknown)
        {
            Invariants.That(name is not null, "a null unknown reason name");
        }

        // The source allocates one page of this size to read into: run.sh caps the heap, so a size
        // taken from the file without a check fails here as it would in KfreeSkbSource.Open.
        _ = new byte[pageLayout.PageSize];
        RingBufferPageTarget.Walk(TracefsVectors.Page, pageLayout, layout, reasons);
    }
}
