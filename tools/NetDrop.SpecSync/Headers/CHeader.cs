using System;
using System.Collections.Generic;

namespace NetDrop.SpecSync.Headers;

/// <summary>
/// The enums and #defines of one preprocessed header, with values evaluated on demand. Only the
/// header's own declarations count: lines gcc attributes to other files (built-ins, the command line)
/// are left out.
/// </summary>
public sealed class CHeader
{
    private readonly Dictionary<string, CMacro> _macros = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CEnumerator> _enumerators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _macroValues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _expanding = new(StringComparer.Ordinal);
    private readonly List<CEnum> _enums = new();
    private readonly List<string> _trailer = new();

    private CHeader(string path) => Path = path;

    /// <summary>The header file.</summary>
    public string Path { get; }

    /// <summary>The header's enums, in order.</summary>
    public IReadOnlyList<CEnum> Enums => _enums;

    /// <summary>Identifiers the trailer (C appended after the header) expanded to, in order.</summary>
    public IReadOnlyList<string> TrailerIdentifiers => _trailer;

    /// <summary>Runs the preprocessor over <paramref name="path"/> and reads its declarations.</summary>
    public static CHeader Read(string path, string? trailer = null) => Parse(path, Preprocessor.Run(path, trailer));

    internal static CHeader Parse(string path, string preprocessed)
    {
        var header = new CHeader(path);
        List<CToken> tokens = CTokenizer.Tokenize(preprocessed, path);
        var docs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (CToken token in tokens)
        {
            if (token.Kind == CTokenKind.Comment && token.File == path)
            {
                KernelDoc.Collect(token.Text, docs);
            }
        }

        for (int i = 0; i < tokens.Count; i++)
        {
            CToken token = tokens[i];
            if (token.File == Preprocessor.TrailerFile)
            {
                if (token.Kind == CTokenKind.Identifier)
                {
                    header._trailer.Add(token.Text);
                }

                continue;
            }

            if (token.File != path)
            {
                continue;
            }

            if (token.Kind == CTokenKind.Define)
            {
                header.AddMacro(token);
            }
            else if (token.Kind == CTokenKind.Identifier && token.Text == "enum")
            {
                i = header.ParseEnum(tokens, i, docs);
            }
        }

        return header;
    }

    /// <summary>The value of an enumerator or object-like macro of this header, or null when it has no such name.</summary>
    /// <exception cref="HeaderFormatException">The name is a macro whose value cannot be worked out.</exception>
    public long? Value(string name)
    {
        if (_enumerators.TryGetValue(name, out CEnumerator? enumerator))
        {
            return enumerator.Value;
        }

        return _macros.ContainsKey(name) ? MacroValue(name) : null;
    }

    /// <summary>Where <paramref name="name"/> is declared, and the comment on its line.</summary>
    public (string File, int Line, string? Comment, string? Doc)? Declaration(string name)
    {
        if (_enumerators.TryGetValue(name, out CEnumerator? enumerator))
        {
            return (enumerator.File, enumerator.Line, enumerator.TrailingComment, enumerator.Doc);
        }

        return _macros.TryGetValue(name, out CMacro? macro) ? (macro.File, macro.Line, macro.TrailingComment, null) : null;
    }

    /// <summary>Names of object-like macros and enumerators starting with <paramref name="prefix"/>, in header order.</summary>
    public IEnumerable<string> NamesStartingWith(string prefix)
    {
        var names = new List<(string File, int Line, string Name)>();
        foreach (CMacro macro in _macros.Values)
        {
            if (!macro.IsFunctionLike && macro.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add((macro.File, macro.Line, macro.Name));
            }
        }

        foreach (CEnumerator enumerator in _enumerators.Values)
        {
            if (enumerator.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add((enumerator.File, enumerator.Line, enumerator.Name));
            }
        }

        names.Sort((a, b) => a.Line.CompareTo(b.Line));
        foreach ((_, _, string name) in names)
        {
            yield return name;
        }
    }

    /// <summary>
    /// Whether <paramref name="name"/> is meant as an integer constant: not a function-like macro, and
    /// not one built from sizeof or function-like macros (TPACKET_HDRLEN), which only the compiler can
    /// work out. Unknown names still count as constants, so using one is an error, not a silent skip.
    /// </summary>
    public bool IsIntegerConstant(string name) => IsIntegerConstant(name, 0);

    private bool IsIntegerConstant(string name, int depth)
    {
        if (_enumerators.ContainsKey(name))
        {
            return true;
        }

        if (!_macros.TryGetValue(name, out CMacro? macro) || depth > 16)
        {
            return true;
        }

        if (macro.IsFunctionLike)
        {
            return false;
        }

        foreach (CToken token in macro.Body)
        {
            if (token.Kind == CTokenKind.Identifier && (token.Text == "sizeof" || !IsIntegerConstant(token.Text, depth + 1)))
            {
                return false;
            }
        }

        return true;
    }

    private long MacroValue(string name)
    {
        if (_macroValues.TryGetValue(name, out long cached))
        {
            return cached;
        }

        CMacro macro = _macros[name];
        if (macro.IsFunctionLike)
        {
            throw new HeaderFormatException(macro.File, macro.Line, $"cannot expand '{name}': it is a function-like macro, not a value");
        }

        if (!_expanding.Add(name))
        {
            throw new HeaderFormatException(macro.File, macro.Line, $"cannot expand '{name}': it refers to itself");
        }

        try
        {
            long value = ConstantExpression.Evaluate(macro.Body, Resolve, macro.File, macro.Line);
            _macroValues[name] = value;
            return value;
        }
        finally
        {
            _expanding.Remove(name);
        }
    }

    private long Resolve(CToken token) =>
        Value(token.Text) ?? throw new HeaderFormatException(token.File, token.Line,
            $"cannot expand '{token.Text}': it is not a number, nor an enumerator or macro of {System.IO.Path.GetFileName(Path)}");

    private void AddMacro(CToken define)
    {
        // "#define NAME body" or "#define NAME(args) body": function-like only when '(' touches the name.
        string text = define.Text.Substring("#define".Length).TrimStart();
        int end = 0;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        if (end == 0)
        {
            throw new HeaderFormatException(define.File, define.Line, "a #define without a name");
        }

        string name = text.Substring(0, end);
        bool functionLike = end < text.Length && text[end] == '(';
        string body = functionLike ? text.Substring(Math.Max(end, text.IndexOf(')', end) + 1)) : text.Substring(end);
        var tokens = new List<CToken>();
        string? comment = null;
        foreach (CToken token in CTokenizer.Tokenize(body, define.File))
        {
            if (token.Kind == CTokenKind.Comment)
            {
                comment ??= KernelDoc.Plain(token.Text);
            }
            else
            {
                tokens.Add(token with { Line = define.Line });
            }
        }

        _macros[name] = new CMacro(name, functionLike, tokens, comment, define.File, define.Line);
        _macroValues.Remove(name);
    }

    private int ParseEnum(List<CToken> tokens, int i, Dictionary<string, string> docs)
    {
        CToken keyword = tokens[i];
        int j = SkipComments(tokens, i + 1);
        string? name = null;
        if (j < tokens.Count && tokens[j].Kind == CTokenKind.Identifier)
        {
            name = tokens[j].Text;
            j = SkipComments(tokens, j + 1);
        }

        if (j >= tokens.Count || !tokens[j].Is("{"))
        {
            // A use (enum skb_drop_reason reason), not a definition.
            return i;
        }

        var enumerators = new List<CEnumerator>();
        long next = 0;
        j++;
        while (true)
        {
            j = SkipComments(tokens, j);
            if (j >= tokens.Count)
            {
                throw new HeaderFormatException(keyword.File, keyword.Line, $"enum {name} is not closed (no '}}' before the end of the header)");
            }

            CToken token = tokens[j];
            if (token.Is("}"))
            {
                break;
            }

            if (token.Kind != CTokenKind.Identifier)
            {
                throw new HeaderFormatException(token.File, token.Line, $"expected an enumerator name in enum {name}, found '{token.Text}'");
            }

            j++;
            var expression = new List<CToken>();
            string? trailing = null;
            if (j < tokens.Count && tokens[j].Is("="))
            {
                j++;
                int depth = 0;
                while (j < tokens.Count && !(depth == 0 && (tokens[j].Is(",") || tokens[j].Is("}"))))
                {
                    if (tokens[j].Kind == CTokenKind.Comment)
                    {
                        trailing ??= tokens[j].Line == token.Line ? KernelDoc.Plain(tokens[j].Text) : null;
                    }
                    else
                    {
                        depth += tokens[j].Is("(") ? 1 : tokens[j].Is(")") ? -1 : 0;
                        expression.Add(tokens[j]);
                    }

                    j++;
                }
            }

            long value = expression.Count > 0 ? ConstantExpression.Evaluate(expression, Resolve, token.File, token.Line) : next;
            next = value + 1;
            while (j < tokens.Count && (tokens[j].Is(",") || (tokens[j].Kind == CTokenKind.Comment && tokens[j].Line == token.Line)))
            {
                if (tokens[j].Kind == CTokenKind.Comment)
                {
                    trailing ??= KernelDoc.Plain(tokens[j].Text);
                }

                j++;
            }

            docs.TryGetValue(token.Text, out string? doc);
            var enumerator = new CEnumerator(token.Text, value, doc, trailing, token.File, token.Line);
            enumerators.Add(enumerator);
            _enumerators[token.Text] = enumerator;
        }

        _enums.Add(new CEnum(name, keyword.File, keyword.Line, enumerators));
        return j;
    }

    private static int SkipComments(List<CToken> tokens, int i)
    {
        while (i < tokens.Count && tokens[i].Kind == CTokenKind.Comment)
        {
            i++;
        }

        return i;
    }
}
