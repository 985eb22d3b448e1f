// ND1003: if/else chains over a reason that throw for everything they do not test.
using System;
using System.IO;
using NetDrop;

namespace Corpus.Chains;

static class Chains
{
    // case: else-if chain ending in throw
    public static string Text(DropReason reason)
    {
        {|ND1003:if (reason == DropReason.NoSocket)|}
        {
            return "no socket";
        }
        else if (reason == DropReason.TcpCsum)
        {
            return "bad checksum";
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(reason));
        }
    }

    // case: chain ending in return
    public static string TextOrEmpty(DropReason reason)
    {
        if (reason == DropReason.NoSocket)
        {
            return "no socket";
        }
        else if (reason == DropReason.TcpCsum)
        {
            return "bad checksum";
        }
        else
        {
            return string.Empty;
        }
    }

    // case: early returns, then a throw at the end of the method
    public static int Code(DropReason reason)
    {
        {|ND1003:if (reason == DropReason.NoSocket)|}
        {
            return 1;
        }

        if (reason == DropReason.PktTooSmall)
        {
            return 2;
        }

        if (reason is DropReason.UdpCsum)
        {
            return 3;
        }

        throw new InvalidOperationException($"unexpected {reason}");
    }

    // case: early returns ending in a return
    public static int CodeOrZero(DropReason reason)
    {
        if (reason == DropReason.NoSocket)
        {
            return 1;
        }

        if (reason == DropReason.PktTooSmall)
        {
            return 2;
        }

        return 0;
    }

    // case: chain inside catch whose last else rethrows what was caught
    public static void Retry(Action send, Func<IOException, DropReason> reasonOf)
    {
        try
        {
            send();
        }
        catch (IOException e)
        {
            DropReason reason = reasonOf(e);
            if (reason == DropReason.NoSocket)
            {
                send();
            }
            else if (reason == DropReason.Otherhost)
            {
                return;
            }
            else
            {
                throw;
            }
        }
    }

    // case: chain inside catch whose last else throws a new exception
    public static void RetryOrFail(Action send, Func<IOException, DropReason> reasonOf)
    {
        try
        {
            send();
        }
        catch (IOException e)
        {
            DropReason reason = reasonOf(e);
            {|ND1003:if (reason == DropReason.NoSocket)|}
            {
                send();
            }
            else if (reason == DropReason.Otherhost)
            {
                return;
            }
            else
            {
                throw new InvalidOperationException("send failed", e);
            }
        }
    }

    // case: a chain over two different values is not a chain over one reason
    public static int Mixed(DropReason a, DropReason b)
    {
        if (a == DropReason.NoSocket)
        {
            return 1;
        }
        else if (b == DropReason.NoSocket)
        {
            return 2;
        }
        else
        {
            throw new ArgumentException("neither");
        }
    }

    // case: or-pattern chain ending in throw
    public static bool Transient(DropReason reason)
    {
        {|ND1003:if (reason is DropReason.NoSocket or DropReason.Otherhost)|}
        {
            return true;
        }
        else if (reason is DropReason.TcpCsum or DropReason.UdpCsum)
        {
            return false;
        }

        throw new NotSupportedException(reason.ToString());
    }

    // case: a single test that throws is a guard, not a chain
    public static void Guard(DropReason reason)
    {
        if (reason == DropReason.NotSpecified)
        {
            throw new ArgumentException("reason required", nameof(reason));
        }
    }

    // case: expression-bodied throw through a conditional chain
    public static int Conditional(DropReason reason) =>
        reason == DropReason.NoSocket ? 1 : reason == DropReason.TcpCsum ? 2 : -1;
}
