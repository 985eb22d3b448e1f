using System;

namespace NetDrop.Metadata;

/// <summary>The kernel's name and the subsystem of one drop reason in the catalogue.</summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class DropReasonInfoAttribute : Attribute
{
    public DropReasonInfoAttribute(string kernelName, string subsystem)
    {
        KernelName = kernelName;
        Subsystem = subsystem;
    }

    /// <summary>The name as the kernel reports it (<c>NO_SOCKET</c>).</summary>
    public string KernelName { get; }

    /// <summary>The subsystem's spec name (<c>core</c>).</summary>
    public string Subsystem { get; }
}
