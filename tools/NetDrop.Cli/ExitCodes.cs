namespace NetDrop.Cli;

/// <summary>
/// The exit codes of every netdrop command. Scripts test them, so a command never invents another:
/// 1 means "ran, but could not do what was asked", 2 "was asked wrongly".
/// </summary>
internal static class ExitCodes
{
    /// <summary>
    /// Done: stopped by Ctrl-C (SIGINT), SIGTERM or SIGHUP, --duration or --count (watch, capture and demo
    /// alike: a signal is how a run is meant to end), or by its reader closing standard output ('| head');
    /// report made (doctor), every frame read (read), specs current or written.
    /// </summary>
    public const int Ok = 0;

    /// <summary>
    /// Could not proceed: the source, socket or interface cannot be used (not root, no such device, a
    /// kernel feature missing), a file is damaged (read: every frame before the damage is printed), the
    /// report cannot be made, a demo drop was not seen with its reason, or specs are out of date under --check.
    /// </summary>
    public const int Failed = 1;

    /// <summary>
    /// The arguments cannot be used; for specs, also headers, a format file or specs that cannot be read or
    /// written. Every command answers System.CommandLine's own parse errors with it too, in one line: an
    /// unknown command or option, a value of the wrong kind (<see cref="CheckedAction{TOptions}"/>, Program.UsageProblem).
    /// </summary>
    public const int Usage = 2;
}
