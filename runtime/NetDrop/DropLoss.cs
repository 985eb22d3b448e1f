namespace NetDrop;

/// <summary>Drops the kernel saw that the monitor could not deliver.</summary>
/// <param name="Lost">How many, as far as the source can count them.</param>
/// <param name="Detail">Where they were lost, in the source's own terms.</param>
public readonly record struct DropLoss(long Lost, string Detail);
