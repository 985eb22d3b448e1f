using System;

namespace NetDrop.Metadata;

/// <summary>
/// Marks a method that sets a socket option (a typed wrapper over setsockopt), so analyzers check its
/// calls as they check setsockopt: the value's type and size against the option's
/// <see cref="SocketOptionAttribute"/>, and the order of options on one socket. Parameters are named,
/// not numbered, so reordering them cannot silently point the analyzers at the wrong argument.
/// </summary>
/// <remarks>
/// The socket is the instance the method is called on, or <see cref="SocketParameter"/> for a static
/// method. The option comes from <see cref="OptionParameter"/> (an argument that is a constant carrying
/// <see cref="SocketOptionAttribute"/>), or is fixed by <see cref="Level"/> and <see cref="Name"/> for a
/// method that sets one option only (<c>SetVersion</c>).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class SocketOptionSetterAttribute : Attribute
{
    /// <summary>A method that sets the option given by one parameter to the value given by another.</summary>
    public SocketOptionSetterAttribute(string optionParameter, string valueParameter)
    {
        OptionParameter = optionParameter;
        ValueParameter = valueParameter;
    }

    /// <summary>A method that sets one fixed option.</summary>
    public SocketOptionSetterAttribute(int level, int name, string valueParameter)
    {
        Level = level;
        Name = name;
        ValueParameter = valueParameter;
    }

    /// <summary>The parameter that names the option, or null when the option is fixed.</summary>
    public string? OptionParameter { get; }

    /// <summary>The parameter that holds the value: a struct or scalar (by value, in or ref), a span or a pointer.</summary>
    public string ValueParameter { get; }

    /// <summary>The fixed option's level, or -1.</summary>
    public int Level { get; } = -1;

    /// <summary>The fixed option's number, or -1.</summary>
    public int Name { get; } = -1;

    /// <summary>The parameter that gives the length in bytes, when the method takes one.</summary>
    public string? LengthParameter { get; set; }

    /// <summary>The parameter that gives the level, when the method takes one.</summary>
    public string? LevelParameter { get; set; }

    /// <summary>For a static method: the parameter that is the socket (a descriptor or handle).</summary>
    public string? SocketParameter { get; set; }
}
