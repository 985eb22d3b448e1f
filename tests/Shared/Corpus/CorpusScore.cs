using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace NetDrop.Tests.Corpus;

/// <summary>True positives, false positives and false negatives per diagnostic ID, and what they make.</summary>
internal sealed class CorpusScore
{
    private readonly SortedDictionary<string, (int Tp, int Fp, int Fn)> _byId = new(System.StringComparer.Ordinal);

    public List<string> Misses { get; } = new();

    public void Hit(string id) => Update(id, 1, 0, 0);

    public void FalsePositive(string id, string where)
    {
        Update(id, 0, 1, 0);
        Misses.Add($"false positive {where}");
    }

    public void FalseNegative(string id, string where)
    {
        Update(id, 0, 0, 1);
        Misses.Add($"missed {where}");
    }

    public (int Tp, int Fp, int Fn) Total => _byId.Values.Aggregate((0, 0, 0), (a, v) => (a.Item1 + v.Tp, a.Item2 + v.Fp, a.Item3 + v.Fn));

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("id       TP  FP  FN  precision  recall");
        foreach ((string id, (int tp, int fp, int fn)) in _byId)
        {
            text.AppendLine(Row(id, tp, fp, fn));
        }

        (int t, int f, int n) = Total;
        text.AppendLine(Row("all", t, f, n));
        return text.ToString();
    }

    private static string Row(string id, int tp, int fp, int fn) =>
        $"{id,-8} {tp,3} {fp,3} {fn,3}  {Ratio(tp, tp + fp),9}  {Ratio(tp, tp + fn),6}";

    private static string Ratio(int part, int whole) => whole == 0 ? "-" : $"{100.0 * part / whole:0.0}%";

    private void Update(string id, int tp, int fp, int fn)
    {
        (int a, int b, int c) = _byId.TryGetValue(id, out var v) ? v : (0, 0, 0);
        _byId[id] = (a + tp, b + fp, c + fn);
    }
}
