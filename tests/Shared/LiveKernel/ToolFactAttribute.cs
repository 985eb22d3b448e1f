namespace NetDrop.Tests.LiveKernel;

/// <summary>A test that needs host tools but not the live kernel; skipped, naming the package, where one is missing (<see cref="RequiredTools"/>).</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        Skip = RequiredTools.SkipReason(tools);
    }
}
