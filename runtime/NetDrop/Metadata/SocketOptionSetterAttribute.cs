using System;

namespace NetDrop.Metadata;

/// <summary>
/// Marks a method that sets a socket option (a typed wrapper over setsockopt), so analyzers check its
/// calls as they check setsockopt: the value's type and size against the option's
/// <see cref="SocketOptionAttribute"/>, and the order of options on one socket.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class SocketOptionSetterAttribute : SocketOptionAccessorAttribute
{
    /// <summary>A method that sets the option given by one parameter, with the value given by another.</summary>
    public SocketOptionSetterAttribute(string optionParameter, string valueParameter)
        : base(optionParameter, valueParameter)
    {
    }

    /// <summary>A method that sets one fixed option.</summary>
    public SocketOptionSetterAttribute(int level, int name, string valueParameter)
        : base(level, name, valueParameter)
    {
    }
}
