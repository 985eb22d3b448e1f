namespace NetDrop.NetDm;

/// <summary>The alert fields <see cref="AlertText"/> keeps a string cache for, one each.</summary>
internal enum AlertTextField
{
    Symbol,
    Reason,
    Interface,
    TrapGroup,
    Trap,

    /// <summary>How many fields there are.</summary>
    Count,
}
