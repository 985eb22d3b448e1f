using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetDrop.SpecSync.Headers;

/// <summary>
/// Splits the output of <c>gcc -E -CC -dD</c> into tokens. The preprocessor has already dealt with
/// conditional blocks, line continuations and macro uses; what is left is declarations, the comments
/// -C kept, the #define lines -dD kept, and line markers (<c># 42 "file"</c>) that say where each line
/// came from, so every token knows its header line for error messages.
/// </summary>
internal static class CTokenizer
{
    public static List<CToken> Tokenize(string text, string firstFile)
    {
        var tokens = new List<CToken>();
        string file = firstFile;
        int line = 1;
        int i = 0;
        bool lineStart = true;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
                lineStart = true;
                continue;
            }

            if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                i++;
                continue;
            }

            if (c == '#' && lineStart)
            {
                int end = text.IndexOf('\n', i);
                end = end < 0 ? text.Length : end;
                string directive = text.Substring(i, end - i);

                // -CC keeps a #define's comment, which may go on over more lines: they belong to the directive.
                int open = directive.LastIndexOf("/*", StringComparison.Ordinal);
                if (open >= 0 && open > directive.LastIndexOf("*/", StringComparison.Ordinal))
                {
                    int close = text.IndexOf("*/", end, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        throw new HeaderFormatException(file, line, "a comment starts here and is never closed (no */ before the end of the file)");
                    }

                    // Not counted as lines: gcc prints the comment's line breaks and then the blank lines
                    // that keep its output in step with the header anyway.
                    int after = text.IndexOf('\n', close);
                    after = after < 0 ? text.Length : after;
                    directive = text.Substring(i, after - i);
                    end = after;
                }

                if (TryLineMarker(directive, out int markerLine, out string? markerFile))
                {
                    // The marker names the line that follows it; the newline ending the marker adds one.
                    line = markerLine - 1;

                    // A marker that names no file ('# 1 ""') keeps the one before: errors must name a file.
                    file = markerFile.Length > 0 ? markerFile : file;
                }
                else if (directive.StartsWith("#define", System.StringComparison.Ordinal))
                {
                    tokens.Add(new CToken(CTokenKind.Define, directive, file, line));
                }

                i = end;
                continue;
            }

            lineStart = false;
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                int close = text.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new HeaderFormatException(file, line, "a comment starts here and is never closed (no */ before the end of the file)");
                }

                string comment = text.Substring(i, close + 2 - i);
                tokens.Add(new CToken(CTokenKind.Comment, comment, file, line));
                foreach (char ch in comment)
                {
                    if (ch == '\n')
                    {
                        line++;
                    }
                }

                i = close + 2;
                continue;
            }

            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                int end = text.IndexOf('\n', i);
                end = end < 0 ? text.Length : end;
                tokens.Add(new CToken(CTokenKind.Comment, text.Substring(i, end - i), file, line));
                i = end;
                continue;
            }

            int start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new CToken(CTokenKind.Identifier, text.Substring(start, i - start), file, line));
            }
            else if (char.IsDigit(c))
            {
                // A pp-number: digits, letters (0x1f, 1U, 2ULL) and dots.
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.'))
                {
                    i++;
                }

                tokens.Add(new CToken(CTokenKind.Number, text.Substring(start, i - start), file, line));
            }
            else if (c is '"' or '\'')
            {
                i++;
                while (i < text.Length && text[i] != c && text[i] != '\n')
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                if (i >= text.Length || text[i] != c)
                {
                    throw new HeaderFormatException(file, line, $"a {(c == '"' ? "string" : "character")} literal is not closed on its line");
                }

                i++;
                tokens.Add(new CToken(CTokenKind.String, text.Substring(start, i - start), file, line));
            }
            else
            {
                bool shift = i + 1 < text.Length && (c is '<' or '>') && text[i + 1] == c;
                i += shift ? 2 : 1;
                tokens.Add(new CToken(CTokenKind.Punctuator, text.Substring(start, i - start), file, line));
            }
        }

        return tokens;
    }

    /// <summary>A gcc line marker: <c># 42 "include/net/dropreason.h" 2</c>.</summary>
    private static bool TryLineMarker(string directive, out int line, out string file)
    {
        line = 0;
        file = string.Empty;
        int i = 1;
        while (i < directive.Length && directive[i] == ' ')
        {
            i++;
        }

        int digits = i;
        while (i < directive.Length && char.IsDigit(directive[i]))
        {
            i++;
        }

        if (i == digits || !int.TryParse(directive.AsSpan(digits, i - digits), NumberStyles.None, CultureInfo.InvariantCulture, out line))
        {
            return false;
        }

        int open = directive.IndexOf('"', i);
        int close = open < 0 ? -1 : directive.LastIndexOf('"');
        if (close <= open)
        {
            return false;
        }

        file = directive.Substring(open + 1, close - open - 1).Replace("\\\\", "\\");
        return true;
    }
}
