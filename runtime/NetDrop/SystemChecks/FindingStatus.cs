namespace NetDrop.SystemChecks;

/// <summary>How a <see cref="Finding"/> stands for NetDrop on this machine.</summary>
public enum FindingStatus
{
    /// <summary>Present and usable.</summary>
    Ok,

    /// <summary>Usable with a limit, or usable only with more rights; the finding says what to do.</summary>
    Warning,

    /// <summary>Not there; the finding says how to get it, or what NetDrop does instead.</summary>
    Missing,
}
