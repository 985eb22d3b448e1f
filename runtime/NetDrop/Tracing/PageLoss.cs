namespace NetDrop.Tracing;

/// <summary>What one ring-buffer page said about loss: events missed before it (and how many, when stored), or damage.</summary>
public readonly record struct PageLoss(bool HasMissedEvents, long MissedEvents, string? Error);
