namespace NetDrop.Generators.Parsing;

/// <summary>
/// Numbers operations as the kernel's YNL does (tools/net/ynl/pyynl/lib/nlspec.py, whose numbers the
/// uapi headers ynl_gen_c.py writes follow). Unified: one counter, reset by an explicit value.
/// Directional: requests and replies are counted apart; a do or dump advances the request counter
/// and, when its first mode has a reply, the reply counter; a notification or event advances only
/// the reply counter. (Counting straight through the list gave ethtool's FEATURES_GET 15; it is 11.)
/// </summary>
internal sealed class OperationNumbering
{
    private long _request = 1;
    private long _reply = 1;

    public int Unified(long? explicitValue)
    {
        if (explicitValue is { } value)
        {
            _request = value;
        }

        return (int)_request++;
    }

    /// <returns>The request value (for a notification, its reply value) and the reply value.</returns>
    public (int Request, int Reply) Directional(bool isAsync, long? explicitValue, long? requestValue, long? replyValue, bool hasReply)
    {
        if (isAsync)
        {
            if (explicitValue is { } value)
            {
                _reply = value;
            }

            int notification = (int)_reply++;
            return (notification, notification);
        }

        // nlspec.py takes a value only when it is not zero ("if v:").
        if (requestValue is { } request and not 0)
        {
            _request = request;
        }

        if (replyValue is { } reply and not 0)
        {
            _reply = reply;
        }

        int result = (int)_request++;
        if (!hasReply)
        {
            return (result, result);
        }

        return (result, (int)_reply++);
    }
}
