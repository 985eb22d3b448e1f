namespace NetDrop.Cli.Watch.Filter;

/// <summary>hw, hw == true, hw == false: whether a device rather than the kernel dropped the packet.</summary>
internal sealed class HardwareTest(bool expected) : FilterExpression
{
    public override bool Matches(in WatchedDrop drop) => drop.Event.IsHardwareDrop == expected;
}
