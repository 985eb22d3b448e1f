using System.Collections.Generic;
using System.Linq;

namespace NetDrop.Tests.Corpus;

/// <summary>A diagnostic reported on a corpus file, wherever it came from (a compilation in the test, a build's SARIF log).</summary>
internal sealed record ReportedDiagnostic(string Id, string File, int Start, int End, string Message);

/// <summary>
/// Matches reported diagnostics to the corpus marks: a report matches an unused mark of its ID whose
/// span it overlaps (where exactly an analyzer puts its squiggle is the unit tests' business).
/// </summary>
internal static class CorpusScoring
{
    /// <summary>ND1002 lists the reasons a default arm takes on every default arm: information, not a finding.</summary>
    public static readonly string[] Unscored = ["ND1002"];

    public static CorpusScore Score(IReadOnlyList<CorpusFile> files, IReadOnlyList<ReportedDiagnostic> reported)
    {
        var score = new CorpusScore();
        foreach (CorpusFile file in files)
        {
            ReportedDiagnostic[] here = reported.Where(d => d.File == file.Name && !Unscored.Contains(d.Id)).ToArray();
            bool[] used = new bool[here.Length];
            foreach (CorpusMark mark in file.Expected)
            {
                int match = -1;
                for (int i = 0; i < here.Length && match < 0; i++)
                {
                    if (!used[i] && here[i].Id == mark.Id && mark.Overlaps(here[i].Start, here[i].End))
                    {
                        match = i;
                    }
                }

                if (match >= 0)
                {
                    used[match] = true;
                    score.Hit(mark.Id);
                }
                else
                {
                    score.FalseNegative(mark.Id, $"{mark.Id} {file.Name}:{file.Line(mark.Start)}");
                }
            }

            for (int i = 0; i < here.Length; i++)
            {
                if (!used[i])
                {
                    score.FalsePositive(here[i].Id, $"{here[i].Id} {file.Name}:{file.Line(here[i].Start)}: {here[i].Message}");
                }
            }
        }

        return score;
    }
}
