namespace NetDrop.Tests.LiveKernel;

/// <summary>
/// Live kernel tests share one kernel: drop counts and the tracepoint are machine-wide. Inside one test
/// assembly the collection runs them one at a time; across assemblies (<c>dotnet test</c> runs test projects
/// side by side) the fixture's lock does.
/// </summary>
[CollectionDefinition(nameof(LiveKernelCollection), DisableParallelization = true)]
public sealed class LiveKernelCollection : ICollectionFixture<LiveKernelLock>
{
}
