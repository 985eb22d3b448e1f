namespace NetDrop.Cli.Watch.Filter;

/// <summary>!operand: true also when the operand tested a field the drop does not have.</summary>
internal sealed class NotExpression(FilterExpression operand) : FilterExpression
{
    internal FilterExpression Operand => operand;

    public override bool Matches(in WatchedDrop drop) => !operand.Matches(drop);
}
