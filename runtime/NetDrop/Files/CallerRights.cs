using System;
using NetDrop.Interop;

namespace NetDrop.Files;

/// <summary>
/// File access with the rights of the user who ran NetDrop. An operator who gives a user
/// CAP_DAC_OVERRIDE for tracefs, or CAP_NET_RAW for packet sockets, does not mean to let that user read
/// /etc/shadow or write into /etc through NetDrop; so while a file the user named is opened, the
/// capabilities that bypass file permissions and ownership are lowered in this thread's effective set,
/// and raised again after. Capabilities are per thread on Linux (capget/capset act on the caller), so
/// the open must run on this thread, synchronously, between <see cref="Enter"/> and <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Root (effective uid 0) is left as it is: root's file access is its own, and the checks
/// <see cref="SafeFile"/> makes on what it opens are its defence.
/// </remarks>
internal unsafe struct CallerRights : IDisposable
{
    /// <summary>CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER: every capability that widens file access.</summary>
    internal const uint FileCapabilities =
        (1u << LibC.CAP_CHOWN) | (1u << LibC.CAP_DAC_OVERRIDE) | (1u << LibC.CAP_DAC_READ_SEARCH) | (1u << LibC.CAP_FOWNER);

    private uint _lowered;

    /// <summary>The capabilities this scope lowered (0 when none were held, or the caller is root).</summary>
    public readonly uint Lowered => _lowered;

    /// <summary>Lowers the file capabilities of this thread, when it is not root's and holds any.</summary>
    /// <exception cref="InvalidOperationException">The kernel refused capget or capset.</exception>
    public static CallerRights Enter() => LibC.GetEffectiveUid() == 0 ? default : Lower(FileCapabilities);

    /// <summary>Lowers <paramref name="capabilities"/> (bits of the first word) in this thread's effective set, whoever the caller is.</summary>
    internal static CallerRights Lower(uint capabilities)
    {
        var header = new LibC.CapHeader { Version = LibC.LinuxCapabilityVersion3, Pid = 0 };
        LibC.CapData* data = stackalloc LibC.CapData[2];
        if (LibC.CapGet(&header, data) != 0)
        {
            throw Failure("capget");
        }

        uint held = data[0].Effective & capabilities;
        if (held == 0)
        {
            return default;
        }

        data[0].Effective &= ~held;
        if (LibC.CapSet(&header, data) != 0)
        {
            throw Failure("capset");
        }

        return new CallerRights { _lowered = held };
    }

    /// <summary>Raises again what <see cref="Enter"/> lowered.</summary>
    public void Dispose()
    {
        if (_lowered == 0)
        {
            return;
        }

        var header = new LibC.CapHeader { Version = LibC.LinuxCapabilityVersion3, Pid = 0 };
        LibC.CapData* data = stackalloc LibC.CapData[2];
        if (LibC.CapGet(&header, data) != 0)
        {
            throw Failure("capget");
        }

        // Raising an effective capability that is still permitted is always allowed.
        data[0].Effective |= _lowered;
        if (LibC.CapSet(&header, data) != 0)
        {
            throw Failure("capset");
        }

        _lowered = 0;
    }

    private static InvalidOperationException Failure(string call)
    {
        Errno errno = LibC.LastError;
        return new InvalidOperationException($"{call} failed: {errno.Name()} ({errno.Description()})");
    }
}
