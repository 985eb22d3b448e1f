using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetDrop.SpecSync.Headers;

/// <summary>
/// Evaluates the integer constant expressions headers give enumerators and object-like macros
/// (<c>(1U &lt;&lt; 31)</c>, <c>0xffff0000</c>, <c>__NET_DM_ATTR_MAX - 1</c>): literals with suffixes,
/// names of enumerators and macros, parentheses, unary <c>- ~ ! +</c> and the binary arithmetic, shift
/// and bit operators, in 64 bits; a literal, quotient or shift that does not fit is an error. Anything else (sizeof, a function-like macro, an unknown name) is an error at the
/// header line, because a value NetDrop guessed would be worse than none.
/// </summary>
internal sealed class ConstantExpression
{
    private readonly IReadOnlyList<CToken> _tokens;
    private readonly Func<CToken, long> _resolve;
    private int _position;

    private ConstantExpression(IReadOnlyList<CToken> tokens, Func<CToken, long> resolve)
    {
        _tokens = tokens;
        _resolve = resolve;
    }

    /// <param name="resolve">Gives the value of a name, or throws <see cref="HeaderFormatException"/>.</param>
    public static long Evaluate(IReadOnlyList<CToken> tokens, Func<CToken, long> resolve, string file, int line)
    {
        if (tokens.Count == 0)
        {
            throw new HeaderFormatException(file, line, "an empty expression where a number was expected");
        }

        var expression = new ConstantExpression(tokens, resolve);
        long value = expression.Binary(0);
        if (expression._position < tokens.Count)
        {
            CToken extra = tokens[expression._position];
            throw new HeaderFormatException(extra.File, extra.Line, $"cannot evaluate '{Text(tokens)}': unexpected '{extra.Text}'");
        }

        return value;
    }

    private static readonly Dictionary<string, int> Precedence = new(StringComparer.Ordinal)
    {
        ["|"] = 1, ["^"] = 2, ["&"] = 3, ["<<"] = 4, [">>"] = 4, ["+"] = 5, ["-"] = 5, ["*"] = 6, ["/"] = 6, ["%"] = 6,
    };

    private long Binary(int minimum)
    {
        long left = Unary();
        while (_position < _tokens.Count && _tokens[_position].Kind == CTokenKind.Punctuator
            && Precedence.TryGetValue(_tokens[_position].Text, out int precedence) && precedence > minimum)
        {
            CToken op = _tokens[_position++];
            long right = Binary(precedence);
            left = op.Text switch
            {
                "|" => left | right,
                "^" => left ^ right,
                "&" => left & right,
                "<<" or ">>" when right is < 0 or > 63 => throw Overflow(op, $"a shift by {right} in a 64-bit constant"),
                "<<" => left << (int)right,
                ">>" => left >> (int)right,
                "+" => left + right,
                "-" => left - right,
                "*" => left * right,
                "/" or "%" when right == 0 => throw new HeaderFormatException(op.File, op.Line, "division by zero in a constant"),
                "/" or "%" when left == long.MinValue && right == -1 => throw Overflow(op, $"{left} {op.Text} -1 does not fit in 64 bits"),
                "/" => left / right,
                _ => left % right,
            };
        }

        return left;
    }

    private long Unary()
    {
        CToken token = Next();
        if (token.Kind == CTokenKind.Punctuator)
        {
            switch (token.Text)
            {
                case "-": return -Unary();
                case "+": return Unary();
                case "~": return ~Unary();
                case "!": return Unary() == 0 ? 1 : 0;
                case "(":
                    long inner = Binary(0);
                    CToken close = Next();
                    if (close.Text != ")")
                    {
                        throw new HeaderFormatException(close.File, close.Line, $"expected ')' in '{Text(_tokens)}', found '{close.Text}'");
                    }

                    return inner;
            }
        }

        if (token.Kind == CTokenKind.Number)
        {
            return ParseNumber(token);
        }

        if (token.Kind == CTokenKind.Identifier)
        {
            if (token.Text == "sizeof")
            {
                throw new HeaderFormatException(token.File, token.Line, $"cannot expand '{Text(_tokens)}': sizeof needs the compiler, not the preprocessor");
            }

            return _resolve(token);
        }

        throw new HeaderFormatException(token.File, token.Line, $"cannot evaluate '{Text(_tokens)}': unexpected '{token.Text}'");
    }

    private CToken Next()
    {
        if (_position >= _tokens.Count)
        {
            CToken last = _tokens[_tokens.Count - 1];
            throw new HeaderFormatException(last.File, last.Line, $"the expression '{Text(_tokens)}' ends too early");
        }

        return _tokens[_position++];
    }

    public static long ParseNumber(CToken token)
    {
        string text = token.Text.TrimEnd('u', 'U', 'l', 'L');
        bool ok;
        long value;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex);
            value = unchecked((long)hex);
        }
        else if (text.Length > 1 && text[0] == '0')
        {
            try
            {
                value = Convert.ToInt64(text, 8);
                ok = true;
            }
            catch (FormatException)
            {
                ok = false;
                value = 0;
            }
            catch (OverflowException)
            {
                throw Overflow(token, $"the octal constant '{token.Text}' does not fit in 64 bits");
            }
        }
        else
        {
            ok = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
            if (!ok && text.Length > 0 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
            {
                throw Overflow(token, $"the constant '{token.Text}' does not fit in 64 bits");
            }
        }

        return ok ? value : throw new HeaderFormatException(token.File, token.Line, $"'{token.Text}' is not an integer constant");
    }

    /// <summary>
    /// Constants are evaluated in 64 bits, and a result that does not fit is an error rather than a
    /// wrapped or thrown value (docs/robustness.md, Bounds). + - * wrap as C's unsigned arithmetic does.
    /// </summary>
    private static HeaderFormatException Overflow(CToken at, string what) =>
        new(at.File, at.Line, "arithmetic overflow: " + what);

    private static string Text(IReadOnlyList<CToken> tokens) => string.Join(" ", ConvertAll(tokens));

    private static IEnumerable<string> ConvertAll(IReadOnlyList<CToken> tokens)
    {
        foreach (CToken token in tokens)
        {
            yield return token.Text;
        }
    }
}
