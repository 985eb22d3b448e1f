using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace NetDrop.SpecSync.Headers;

/// <summary>
/// A child process's output read to its end, keeping at most a limit of characters. Past the limit the
/// process (when given) is killed, since output that large means the input is hostile or broken.
/// </summary>
internal sealed class BoundedText(int limit)
{
    private readonly StringBuilder _text = new();

    /// <summary>The output kept: all of it, or the first <c>limit</c> characters.</summary>
    public string Text => _text.ToString();

    /// <summary>The output passed the limit.</summary>
    public bool Overflowed { get; private set; }

    public async Task ReadAsync(StreamReader reader, Process? process)
    {
        char[] buffer = new char[16 * 1024];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (Overflowed)
            {
                continue; // drained, so the writer is never blocked
            }

            int room = limit - _text.Length;
            _text.Append(buffer, 0, System.Math.Min(n, room));
            if (n > room)
            {
                Overflowed = true;
                if (process is not null)
                {
                    try
                    {
                        process.Kill(entireProcessTree: true);
                    }
                    catch (System.InvalidOperationException)
                    {
                        // Already gone.
                    }

                    return;
                }
            }
        }
    }
}
