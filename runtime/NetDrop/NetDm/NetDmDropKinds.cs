using System;

namespace NetDrop.NetDm;

/// <summary>Which drops NET_DM monitors: NET_DM_ATTR_SW_DROPS and NET_DM_ATTR_HW_DROPS on START and STOP.</summary>
[Flags]
public enum NetDmDropKinds
{
    /// <summary>Drops in the kernel's network stack.</summary>
    Software = 1,

    /// <summary>Drops in devices, reported through devlink traps (needs a driver that supports them).</summary>
    Hardware = 2,

    Both = Software | Hardware,
}
