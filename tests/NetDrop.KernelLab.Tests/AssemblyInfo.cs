// NET_DM is one kernel-wide session: tests that start, stop and configure it must not overlap.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
