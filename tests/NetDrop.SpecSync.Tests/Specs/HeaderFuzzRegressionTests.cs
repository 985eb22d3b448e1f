using System.IO;
using NetDrop.SpecSync.Headers;

namespace NetDrop.Tests.Specs;

/// <summary>
/// Found by fuzzing the header reader (fuzz/run.sh header): a line marker naming no file ('# 1 ""')
/// made later errors name no file at all (": a string literal is not closed"). It now keeps the file
/// before it, so every error says where.
/// </summary>
public sealed class HeaderFuzzRegressionTests
{
    [Theory]
    [InlineData("# 1 \"\"\nchar *s = \"open\n", 1)]
    [InlineData("# 1 \"include/uapi/linux/x.h\"\n# 3 \"\"\nenum a { A = 1 };\n/* never closed", 3)]
    public void An_error_after_a_marker_naming_no_file_names_the_file_before_and_the_line(string preprocessed, int line)
    {
        var error = Assert.Throws<HeaderFormatException>(() => CHeader.Parse("x.h", preprocessed));

        Assert.NotEmpty(error.File);
        Assert.True(error.Line >= line, error.Message);
    }

    [Fact]
    public void Every_input_that_once_broke_the_reader_now_gets_an_error_with_a_place_or_parses()
    {
        string folder = Path.Combine(SpecSyncFiles.RepoRoot, "testdata", "fuzz", "header");
        string[] inputs = Directory.GetFiles(folder);
        Assert.NotEmpty(inputs);
        foreach (string input in inputs)
        {
            try
            {
                CHeader.Parse("fuzz.h", File.ReadAllText(input));
            }
            catch (HeaderFormatException e)
            {
                Assert.False(string.IsNullOrEmpty(e.File), $"{Path.GetFileName(input)}: {e.Message}");
            }
        }
    }
}
