using System.IO;
using System.Text;
using NetDrop.Interop;

namespace NetDrop.Netlink.Generic;

/// <summary>
/// The kernel answered a request with NLMSG_ERROR. The message names the request, the errno, what
/// it means for this request, and the kernel's own explanation when it sent an extended ACK.
/// </summary>
public class NetlinkRequestException : IOException
{
    public NetlinkRequestException(string request, Errno errno, string? hint, string? kernelMessage, uint? missingAttribute)
        : base(Describe(request, errno, hint, kernelMessage, missingAttribute), (int)errno)
    {
        Request = request;
        Errno = errno;
        Hint = hint;
        KernelMessage = kernelMessage;
        MissingAttribute = missingAttribute;
    }

    /// <summary>The request, e.g. "NET_DM_CMD_START".</summary>
    public string Request { get; }

    /// <summary>Why the kernel refused the request.</summary>
    public Errno Errno { get; }

    /// <summary>What the errno means for this request and what to do about it.</summary>
    public string? Hint { get; }

    /// <summary>The extended ACK's message (NLMSGERR_ATTR_MSG), when the kernel sent one.</summary>
    public string? KernelMessage { get; }

    /// <summary>The attribute type the kernel said was missing (NLMSGERR_ATTR_MISS_TYPE).</summary>
    public uint? MissingAttribute { get; }

    private static string Describe(string request, Errno errno, string? hint, string? kernelMessage, uint? missingAttribute)
    {
        var text = new StringBuilder();
        text.Append(request).Append(" failed: ").Append(errno.Name())
            .Append(" (").Append(errno.Description()).Append(')');
        if (hint is not null)
        {
            text.Append(": ").Append(hint);
        }

        if (kernelMessage is not null)
        {
            text.Append("; the kernel says \"").Append(kernelMessage).Append('"');
        }

        if (missingAttribute is { } missing)
        {
            text.Append("; missing attribute ").Append(missing);
        }

        return text.ToString();
    }
}
