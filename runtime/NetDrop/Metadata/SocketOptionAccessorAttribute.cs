using System;

namespace NetDrop.Metadata;

/// <summary>
/// What <see cref="SocketOptionSetterAttribute"/> and <see cref="SocketOptionGetterAttribute"/> share:
/// which parameters of a typed socket-option method are the option, the value, the length, the level
/// and the socket. Parameters are named, not numbered, so reordering them cannot silently point the
/// analyzers at the wrong argument.
/// </summary>
/// <remarks>
/// The socket is the instance the method is called on, or <see cref="SocketParameter"/> for a static
/// method. The option comes from <see cref="OptionParameter"/> (an argument that is a constant carrying
/// <see cref="SocketOptionAttribute"/>), or is fixed by <see cref="Level"/> and <see cref="Name"/> for a
/// method that handles one option only (<c>SetVersion</c>, <c>GetStatistics</c>).
/// </remarks>
public abstract class SocketOptionAccessorAttribute : Attribute
{
    /// <summary>A method for the option given by one parameter, with the value given by another.</summary>
    protected SocketOptionAccessorAttribute(string optionParameter, string valueParameter)
    {
        OptionParameter = optionParameter;
        ValueParameter = valueParameter;
    }

    /// <summary>A method for one fixed option.</summary>
    protected SocketOptionAccessorAttribute(int level, int name, string valueParameter)
    {
        Level = level;
        Name = name;
        ValueParameter = valueParameter;
    }

    /// <summary>The parameter that names the option, or null when the option is fixed.</summary>
    public string? OptionParameter { get; }

    /// <summary>The parameter that holds the value (or receives it): a struct or scalar, a span or a pointer.</summary>
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
