using System;

namespace NetDrop.Metadata;

/// <summary>
/// Marks a method that reads a socket option (a typed wrapper over getsockopt), so analyzers check its
/// calls as they check getsockopt: the value's type and size against the option's
/// <see cref="SocketOptionAttribute"/>, and the order of options on one socket. Parameters are named,
/// not numbered, so reordering them cannot silently point the analyzers at the wrong argument.
/// </summary>
/// <remarks>
/// The socket is the instance the method is called on, or <see cref="SocketParameter"/> for a static
/// method. The option comes from <see cref="OptionParameter"/> (an argument that is a constant carrying
/// <see cref="SocketOptionAttribute"/>), or is fixed by <see cref="Level"/> and <see cref="Name"/> for a
/// method that reads one option only (<c>GetStatistics</c>).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class SocketOptionGetterAttribute : Attribute
{
    /// <summary>A method that reads the option given by one parameter into the value given by another.</summary>
    public SocketOptionGetterAttribute(string optionParameter, string valueParameter)
    {
        OptionParameter = optionParameter;
        ValueParameter = valueParameter;
    }

    /// <summary>A method that reads one fixed option.</summary>
    public SocketOptionGetterAttribute(int level, int name, string valueParameter)
    {
        Level = level;
        Name = name;
        ValueParameter = valueParameter;
    }

    /// <summary>The parameter that names the option, or null when the option is fixed.</summary>
    public string? OptionParameter { get; }

    /// <summary>The parameter the value is read into: a struct or scalar (out or ref), a span or a pointer.</summary>
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
