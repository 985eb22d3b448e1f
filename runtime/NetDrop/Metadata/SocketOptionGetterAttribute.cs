using System;

namespace NetDrop.Metadata;

/// <summary>
/// Marks a method that reads a socket option (a typed wrapper over getsockopt), so analyzers check its
/// calls as they check getsockopt: the value's type and size against the option's
/// <see cref="SocketOptionAttribute"/>, and the order of options on one socket.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class SocketOptionGetterAttribute : SocketOptionAccessorAttribute
{
    /// <summary>A method that reads the option given by one parameter, with the value given by another.</summary>
    public SocketOptionGetterAttribute(string optionParameter, string valueParameter)
        : base(optionParameter, valueParameter)
    {
    }

    /// <summary>A method that reads one fixed option.</summary>
    public SocketOptionGetterAttribute(int level, int name, string valueParameter)
        : base(level, name, valueParameter)
    {
    }
}
