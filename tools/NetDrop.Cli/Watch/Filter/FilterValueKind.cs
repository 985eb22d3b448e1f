namespace NetDrop.Cli.Watch.Filter;

/// <summary>What a field holds, which decides the operators and values it takes.</summary>
internal enum FilterValueKind
{
    /// <summary>A name: ==, !=, in, contains.</summary>
    Text,

    /// <summary>A number (some also take names, like proto == udp): all comparisons and in.</summary>
    Number,

    /// <summary>An IPv4 or IPv6 address: ==, != and in with addresses or prefixes.</summary>
    Address,

    /// <summary>True or false: alone (hw, !hw) or == true / == false.</summary>
    Boolean,
}
