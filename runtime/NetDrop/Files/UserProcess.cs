using System;
using System.Collections.Generic;
using System.Diagnostics;
using NetDrop.Interop;

namespace NetDrop.Files;

/// <summary>
/// Starts a program NetDrop runs for the user (the C preprocessor of <c>specs sync</c>) with the user's own
/// rights. A process given capabilities as ambient ones (setpriv --ambient-caps, systemd's
/// AmbientCapabilities=) passes them to every program it executes; gcc, or whatever NETDROP_CPP names,
/// would then read any file with CAP_DAC_OVERRIDE. So the calling thread's ambient set is cleared while
/// the child is started (it inherits the credentials of the thread that forks it) and raised again after.
/// </summary>
public static class UserProcess
{
    /// <summary>Highest capability number asked about; the kernel answers EINVAL past its last one.</summary>
    private const int MaxCapability = 63;

    /// <summary>Starts <paramref name="start"/> without the ambient capabilities of this process.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started.</exception>
    public static Process? Start(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (!OperatingSystem.IsLinux())
        {
            return Process.Start(start);
        }

        List<int> ambient = AmbientCapabilities();
        if (ambient.Count == 0)
        {
            return Process.Start(start);
        }

        if (LibC.Prctl(LibC.PR_CAP_AMBIENT, LibC.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
        {
            throw new InvalidOperationException("cannot clear the ambient capabilities before starting " + start.FileName);
        }

        try
        {
            return Process.Start(start);
        }
        finally
        {
            // Still permitted and inheritable, so each can be raised again.
            foreach (int capability in ambient)
            {
                LibC.Prctl(LibC.PR_CAP_AMBIENT, LibC.PR_CAP_AMBIENT_RAISE, (nuint)capability, 0, 0);
            }
        }
    }

    /// <summary>The capabilities in this thread's ambient set.</summary>
    internal static List<int> AmbientCapabilities()
    {
        var held = new List<int>();
        for (int capability = 0; capability <= MaxCapability; capability++)
        {
            int answer = LibC.Prctl(LibC.PR_CAP_AMBIENT, LibC.PR_CAP_AMBIENT_IS_SET, (nuint)capability, 0, 0);
            if (answer < 0)
            {
                break;
            }

            if (answer == 1)
            {
                held.Add(capability);
            }
        }

        return held;
    }
}
