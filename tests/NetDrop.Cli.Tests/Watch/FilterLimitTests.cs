using System;
using System.Linq;
using System.Threading;
using NetDrop.Cli.Watch;
using NetDrop.Cli.Watch.Filter;

namespace NetDrop.Tests.Watch;

/// <summary>
/// The --filter size limits (docs/filter.md, Limits): the inputs that overflowed the stack are refused at
/// the token that passes a limit, expressions at each limit parse, and one at every limit at once parses
/// and evaluates on a thread whose stack is far smaller than any process's.
/// </summary>
public class FilterLimitTests
{
    private static readonly ReasonNames Reasons = ReasonNames.Catalogue;

    /// <summary>A stack smaller than any thread .NET starts by default (1.5 MiB) or Linux gives a process (8 MiB).</summary>
    private const int SmallStack = 128 * 1024;

    [Fact]
    public void Five_thousand_seven_hundred_nested_parentheses_are_refused_at_the_first_one_past_the_depth()
    {
        string expression = new string('(', 5_700) + "hw" + new string(')', 5_700);

        FilterSyntaxException error = Assert.Throws<FilterSyntaxException>(() => DropFilter.Parse(expression, Reasons));

        Assert.Equal(FilterLimits.MaxDepth + 1, error.Column);
        Assert.Equal("'(' nests 65 deep; at most 64 '(' and '!' may be open at once (docs/filter.md, Limits)", error.Detail);
    }

    [Fact]
    public void A_chain_of_250000_comparisons_is_refused_for_its_length_before_it_is_read()
    {
        string expression = string.Join(" && ", Enumerable.Repeat("dport == 53", 250_000));

        FilterSyntaxException error = Assert.Throws<FilterSyntaxException>(() => DropFilter.Parse(expression, Reasons));

        Assert.Equal(FilterLimits.MaxLength + 1, error.Column);
        Assert.Equal($"the expression is {expression.Length} characters; at most 16384 are accepted (docs/filter.md, Limits)", error.Detail);
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Parentheses_nest_64_deep(int depth, bool accepted)
    {
        string expression = new string('(', depth) + "dport == 53" + new string(')', depth);
        AssertLimit(expression, accepted, column: 65, "'(' nests 65 deep");
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Negations_nest_64_deep(int depth, bool accepted)
    {
        string expression = new string('!', depth) + "hw";
        AssertLimit(expression, accepted, column: 65, "'!' nests 65 deep");
    }

    [Fact]
    public void Negations_and_parentheses_count_together()
    {
        string expression = string.Concat(Enumerable.Repeat("!(", 33)) + "hw" + new string(')', 33);

        FilterSyntaxException error = Assert.Throws<FilterSyntaxException>(() => DropFilter.Parse(expression, Reasons));

        Assert.Equal(65, error.Column); // the 33rd '!' is the 65th opening
    }

    [Theory]
    [InlineData(1_024, true)]
    [InlineData(1_025, false)]
    public void An_expression_holds_1024_comparisons(int comparisons, bool accepted)
    {
        // "hw" is the shortest comparison: 1,025 of them fit well within the length limit.
        string expression = string.Join("||", Enumerable.Repeat("hw", comparisons));
        AssertLimit(expression, accepted, column: (1_024 * 4) + 1, "this is comparison 1025; at most 1024 are accepted");
    }

    [Fact]
    public void A_set_is_one_comparison_however_many_values_it_holds()
    {
        string expression = "dport in {" + string.Join(",", Enumerable.Range(0, 3_000)) + "}";

        DropFilter filter = DropFilter.Parse(expression, Reasons);

        Assert.True(filter.Matches(new WatchedDrop(SampleDrops.UdpNoSocket)));
    }

    [Theory]
    [InlineData(16_384, true)]
    [InlineData(16_385, false)]
    public void An_expression_is_at_most_16384_characters(int length, bool accepted)
    {
        string expression = "dport == 53".PadRight(length);
        AssertLimit(expression, accepted, column: 16_385, "the expression is 16385 characters; at most 16384 are accepted");
    }

    [Fact]
    public void An_expression_at_every_limit_parses_and_evaluates_on_a_small_stack()
    {
        // 64 levels of '(' and '!' around a chain of 1,024 comparisons of both kinds, within 16,384 characters:
        // the deepest recursion and the longest chains an accepted expression can have.
        string chain = string.Join(" && ", Enumerable.Repeat("!hw", 512)) + " || " + string.Join(" || ", Enumerable.Repeat("sport == 1", 512));
        string expression = string.Concat(Enumerable.Repeat("!(", 31)) + "(" + chain + ")" + new string(')', 31);
        Assert.True(expression.Length <= FilterLimits.MaxLength, $"{expression.Length} characters");
        bool[] matched = new bool[SampleDrops.All.Length];

        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                DropFilter filter = DropFilter.Parse(expression, Reasons);
                for (int i = 0; i < matched.Length; i++)
                {
                    matched[i] = filter.Matches(new WatchedDrop(SampleDrops.All[i]));
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, SmallStack);
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        // The inner chain keeps the drops that are not hardware drops (no sample has source port 1); an odd
        // number of negations turns that around.
        Assert.Equal(SampleDrops.All.Select(d => d.IsHardwareDrop).ToArray(), matched);
    }

    [Fact]
    public void The_error_for_a_huge_expression_shows_the_part_around_the_caret()
    {
        string expression = new string('(', 5_700) + "hw" + new string(')', 5_700);
        FilterSyntaxException error = Assert.Throws<FilterSyntaxException>(() => DropFilter.Parse(expression, Reasons));

        string[] lines = error.Describe("--filter", expression).Split(Environment.NewLine);

        // 100 characters from column 15, so the 65th '(' is the 51st shown, after the indent and the '…'.
        Assert.Equal(3, lines.Length);
        Assert.Equal("  …" + new string('(', 100) + "…", lines[1]);
        Assert.Equal(new string(' ', 2 + 1 + 50) + "^", lines[2]);
    }

    private static void AssertLimit(string expression, bool accepted, int column, string detail)
    {
        if (accepted)
        {
            DropFilter filter = DropFilter.Parse(expression, Reasons);
            filter.Matches(new WatchedDrop(SampleDrops.UdpNoSocket));
            return;
        }

        FilterSyntaxException error = Assert.Throws<FilterSyntaxException>(() => DropFilter.Parse(expression, Reasons));
        Assert.Equal(column, error.Column);
        Assert.StartsWith(detail, error.Detail, StringComparison.Ordinal);
    }
}
