using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NetDrop.Cli.Watch.Filter;

/// <summary>Splits a filter expression into tokens; a character that cannot start one is an error at its column.</summary>
internal static class FilterLexer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                tokens.Add(new FilterToken(FilterTokenKind.End, "", i + 1));
                return tokens;
            }

            int start = i;
            char c = text[i];
            char next = i + 1 < text.Length ? text[i + 1] : '\0';
            FilterToken token;
            switch (c)
            {
                case '=' when next == '=':
                    token = Symbol(FilterTokenKind.Equal, "==");
                    break;
                case '=':
                    throw new FilterSyntaxException(start + 1, "'=' is not an operator; use '==' to compare");
                case '!' when next == '=':
                    token = Symbol(FilterTokenKind.NotEqual, "!=");
                    break;
                case '!':
                    token = Symbol(FilterTokenKind.Not, "!");
                    break;
                case '<' when next == '=':
                    token = Symbol(FilterTokenKind.LessOrEqual, "<=");
                    break;
                case '<':
                    token = Symbol(FilterTokenKind.Less, "<");
                    break;
                case '>' when next == '=':
                    token = Symbol(FilterTokenKind.GreaterOrEqual, ">=");
                    break;
                case '>':
                    token = Symbol(FilterTokenKind.Greater, ">");
                    break;
                case '&' when next == '&':
                    token = Symbol(FilterTokenKind.And, "&&");
                    break;
                case '&':
                    throw new FilterSyntaxException(start + 1, "'&' is not an operator; use '&&' for and");
                case '|' when next == '|':
                    token = Symbol(FilterTokenKind.Or, "||");
                    break;
                case '|':
                    throw new FilterSyntaxException(start + 1, "'|' is not an operator; use '||' for or");
                case '(':
                    token = Symbol(FilterTokenKind.LeftParenthesis, "(");
                    break;
                case ')':
                    token = Symbol(FilterTokenKind.RightParenthesis, ")");
                    break;
                case '{':
                    token = Symbol(FilterTokenKind.LeftBrace, "{");
                    break;
                case '}':
                    token = Symbol(FilterTokenKind.RightBrace, "}");
                    break;
                case ',':
                    token = Symbol(FilterTokenKind.Comma, ",");
                    break;
                case '"' or '\'':
                    token = QuotedString(text, ref i);
                    break;
                default:
                    token = Word(text, ref i);
                    break;
            }

            tokens.Add(token);

            FilterToken Symbol(FilterTokenKind kind, string symbol)
            {
                i += symbol.Length;
                return new FilterToken(kind, symbol, start + 1);
            }
        }
    }

    private static FilterToken QuotedString(string text, ref int i)
    {
        int start = i;
        char quote = text[i++];
        var value = new System.Text.StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == quote || text[i + 1] == '\\'))
            {
                i++;
            }

            value.Append(text[i++]);
        }

        if (i == text.Length)
        {
            throw new FilterSyntaxException(start + 1, $"this string has no closing {quote}");
        }

        i++;
        return new FilterToken(FilterTokenKind.String, value.ToString(), start + 1);
    }

    /// <summary>A name, a number, an IPv4 or IPv6 address or prefix, or the keywords in and contains.</summary>
    private static FilterToken Word(string text, ref int i)
    {
        int start = i;
        char c = text[i];
        int column = start + 1;

        // An IPv6 address is a run of hex digits, dots and colons with at least one colon ("fe80::1", "::ffff:10.0.0.1").
        int run = Run(text, i, static ch => char.IsAsciiHexDigit(ch) || ch is ':' or '.');
        if (text.AsSpan(i, run).Contains(':') && !IsNameChar(At(text, i + run)))
        {
            i += run;
            return AddressToken(text, ref i, start, AddressFamily.InterNetworkV6);
        }

        if (char.IsAsciiDigit(c))
        {
            int length = Run(text, i, IsNameChar);
            string word = text.Substring(i, length);
            if (word.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                i += length;
                if (length > 2 && ulong.TryParse(word.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex))
                {
                    return new FilterToken(FilterTokenKind.Number, word, column) { Number = hex };
                }

                throw new FilterSyntaxException(column, $"'{word}' is not a hexadecimal number");
            }

            int digitsAndDots = Run(text, i, static ch => char.IsAsciiDigit(ch) || ch == '.');
            if (digitsAndDots == length && word.Contains('.'))
            {
                i += length;
                return AddressToken(text, ref i, start, AddressFamily.InterNetwork);
            }

            i += length;
            if (ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out ulong number))
            {
                return new FilterToken(FilterTokenKind.Number, word, column) { Number = number };
            }

            throw new FilterSyntaxException(column, word.Length == Run(word, 0, char.IsAsciiDigit)
                ? $"{word} is too large a number"
                : $"'{word}' is not a number, an address or a name (names start with a letter; quote anything else: \"{word}\")");
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            int length = Run(text, i, IsNameChar);
            string word = text.Substring(i, length);
            i += length;
            return word switch
            {
                "in" => new FilterToken(FilterTokenKind.In, word, column),
                "contains" => new FilterToken(FilterTokenKind.Contains, word, column),
                _ => new FilterToken(FilterTokenKind.Identifier, word, column),
            };
        }

        throw new FilterSyntaxException(column, $"unexpected character '{c}'");
    }

    private static FilterToken AddressToken(string text, ref int i, int start, AddressFamily family)
    {
        string address = text[start..i];
        int column = start + 1;
        int width = family == AddressFamily.InterNetwork ? 32 : 128;
        string version = family == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
        UInt128 bits;
        if (family == AddressFamily.InterNetwork)
        {
            bits = ParseDottedQuad(address) ?? throw new FilterSyntaxException(column, $"'{address}' is not an IPv4 address (four numbers 0 to 255 with dots)");
        }
        else
        {
            if (!IPAddress.TryParse(address, out IPAddress? parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw new FilterSyntaxException(column, $"'{address}' is not an IPv6 address");
            }

            Span<byte> bytes = stackalloc byte[16];
            parsed.TryWriteBytes(bytes, out _);
            bits = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        }

        int length = width;
        if (At(text, i) == '/')
        {
            int digits = Run(text, i + 1, char.IsAsciiDigit);
            int lengthColumn = i + 2;
            if (digits == 0 || IsNameChar(At(text, i + 1 + digits)))
            {
                throw new FilterSyntaxException(lengthColumn, $"expected a prefix length (0 to {width}) after '{address}/'");
            }

            if (!int.TryParse(text.AsSpan(i + 1, digits), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > width)
            {
                throw new FilterSyntaxException(lengthColumn, $"a prefix of an {version} address is 0 to {width} bits long, not {text.Substring(i + 1, digits)}");
            }

            i += 1 + digits;
        }
        else if (IsNameChar(At(text, i)))
        {
            int rest = Run(text, i, IsNameChar);
            throw new FilterSyntaxException(column, $"'{text.Substring(start, i - start + rest)}' is not an address or a number");
        }

        return new FilterToken(FilterTokenKind.Address, text[start..i], column) { Address = new AddressPrefix(family == AddressFamily.InterNetwork ? 4 : 6, bits, length) };
    }

    /// <summary>Exactly four decimal numbers 0–255: no shorthand like "10.1" that inet_aton would take.</summary>
    private static uint? ParseDottedQuad(string text)
    {
        string[] parts = text.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        uint value = 0;
        foreach (string part in parts)
        {
            if (part.Length is 0 or > 3 || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out byte octet))
            {
                return null;
            }

            value = (value << 8) | octet;
        }

        return value;
    }

    /// <summary>Name characters: interface names (veth-a, br0.100) and kernel symbols (__udp4_lib_rcv) need - and . too.</summary>
    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    private static int Run(string text, int start, Func<char, bool> accept)
    {
        int i = start;
        while (i < text.Length && accept(text[i]))
        {
            i++;
        }

        return i - start;
    }
}
