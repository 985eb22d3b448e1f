namespace NetDrop.Tests.Output;

/// <summary>What a crafted capture file, interface or kernel string would hold to take over a terminal.</summary>
internal static class HostileStrings
{
    /// <summary>OSC 0 (window title), CSI 2J (clear screen), OSC 52 (clipboard write), an 8-bit CSI, RLO, CR.</summary>
    public const string Sequences = "ok\u001b]0;pwned\u0007\u001b[2J\u001b]52;c;ZWNobyBoaQ==\u0007\u009b31m\u202eevil\rfake line\u2028\u2066x\u2069\u0085\u007f";

    /// <summary>The characters none of which may reach a terminal raw.</summary>
    public static readonly char[] Forbidden = ['\u001b', '\u0007', '\u009b', '\u202e', '\r', '\u2028', '\u2066', '\u2069', '\u0085', '\u007f'];
}
