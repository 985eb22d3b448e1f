using System;
using System.Globalization;
using System.IO;

namespace NetDrop.Kernel;

/// <summary>
/// Lines of a text file that decides its own line lengths: a line longer than the limit is passed over
/// without being held (a file with no newline costs one buffer, not its size), and the whole text is
/// capped. TextReader.ReadLine would build any line in memory, however long.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxLineLength, long maxLength)
{
    private readonly char[] _buffer = new char[8192];
    private readonly char[] _line = new char[maxLineLength];
    private int _start;
    private int _end;
    private long _read;

    /// <summary>
    /// The next line without its terminator (\n or \r\n), or null for a line longer than the limit;
    /// false at the end of the text.
    /// </summary>
    /// <exception cref="InvalidDataException">The text is longer than the limit.</exception>
    public bool TryReadLine(out string? line)
    {
        int length = 0;
        bool tooLong = false;
        bool any = false;
        while (true)
        {
            if (_start == _end && !Refill())
            {
                line = tooLong ? null : new string(_line, 0, length);
                return any;
            }

            any = true;
            int newline = Array.IndexOf(_buffer, '\n', _start, _end - _start);
            int stop = newline < 0 ? _end : newline;
            int count = stop - _start;
            if (!tooLong && length + count <= _line.Length)
            {
                Array.Copy(_buffer, _start, _line, length, count);
                length += count;
            }
            else
            {
                tooLong = true;
            }

            _start = newline < 0 ? _end : newline + 1;
            if (newline >= 0)
            {
                if (length > 0 && _line[length - 1] == '\r')
                {
                    length--;
                }

                line = tooLong ? null : new string(_line, 0, length);
                return true;
            }
        }
    }

    private bool Refill()
    {
        int n = reader.Read(_buffer, 0, _buffer.Length);
        _start = 0;
        _end = n;
        _read += n;
        if (_read > maxLength)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"more than {maxLength} characters"));
        }

        return n > 0;
    }
}
