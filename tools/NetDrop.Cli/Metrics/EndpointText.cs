using System;
using System.Text;

namespace NetDrop.Cli.Metrics;

/// <summary>
/// An endpoint as messages may print it: the user and password of http://user:token@host, and the
/// values of its query (?api-key=…), are replaced by "***", so a credential given on the command line
/// never reaches a terminal, a log or a bug report. Scheme, host, port, path and query keys stay.
/// </summary>
internal static class EndpointText
{
    public const string Hidden = "***";

    public static string Redact(Uri endpoint) => Redact(endpoint.OriginalString);

    /// <summary>The text with userinfo and query values hidden; works on text that is not a valid URL too.</summary>
    public static string Redact(string text)
    {
        int authority = text.IndexOf("://", StringComparison.Ordinal);
        int start = authority < 0 ? 0 : authority + 3;
        int end = text.IndexOfAny(['/', '?', '#'], start);
        if (end < 0)
        {
            end = text.Length;
        }

        var redacted = new StringBuilder(text.Length);
        redacted.Append(text, 0, start);

        // The last '@' before the path ends the userinfo; a password may itself hold '@'.
        int at = text.LastIndexOf('@', end - 1, end - start);
        if (at >= 0)
        {
            redacted.Append(Hidden).Append(text, at, end - at);
        }
        else
        {
            redacted.Append(text, start, end - start);
        }

        int fragment = text.IndexOf('#', end);
        int queryEnd = fragment < 0 ? text.Length : fragment;
        int query = text.IndexOf('?', end, queryEnd - end);
        if (query < 0)
        {
            redacted.Append(text, end, queryEnd - end);
        }
        else
        {
            redacted.Append(text, end, query + 1 - end);
            string[] pairs = text.Substring(query + 1, queryEnd - query - 1).Split('&');
            for (int i = 0; i < pairs.Length; i++)
            {
                int equals = pairs[i].IndexOf('=', StringComparison.Ordinal);
                redacted.Append(i == 0 ? "" : "&").Append(equals < 0 ? pairs[i] : pairs[i][..(equals + 1)] + Hidden);
            }
        }

        // A fragment is never sent, but may hold a token all the same.
        return (fragment < 0 ? redacted : redacted.Append('#').Append(Hidden)).ToString();
    }
}
