// netstandard2.0 lacks the marker type that init-only setters and records need; the compiler
// accepts one declared in the assembly itself.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
