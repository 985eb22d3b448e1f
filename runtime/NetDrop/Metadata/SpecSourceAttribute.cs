using System;

namespace NetDrop.Metadata;

/// <summary>Names the spec file and entry a generated type was made from.</summary>
[AttributeUsage(AttributeTargets.All, Inherited = false)]
public sealed class SpecSourceAttribute : Attribute
{
    public SpecSourceAttribute(string file, string entry)
    {
        File = file;
        Entry = entry;
    }

    public string File { get; }

    public string Entry { get; }
}
