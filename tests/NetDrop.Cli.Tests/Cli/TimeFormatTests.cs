using NetDrop.Cli.Output;

namespace NetDrop.Tests.Cli;

/// <summary>Event times as RFC 3339 with nanoseconds, for every value a kernel timestamp can wrap to.</summary>
public sealed class TimeFormatTests
{
    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00.000000000Z")]
    [InlineData(1_000_000_001L, "1970-01-01T00:00:01.000000001Z")]
    [InlineData(1_796_604_259_875_524_127L, "2026-12-07T00:44:19.875524127Z")]
    [InlineData(-1L, "1969-12-31T23:59:59.999999999Z")]
    [InlineData(long.MinValue, "1677-09-21T00:12:43.145224192Z")]
    [InlineData(long.MaxValue, "2262-04-11T23:47:16.854775807Z")]
    public void Nanoseconds_since_the_epoch_print_with_a_nine_digit_fraction(long nanoseconds, string expected) =>
        Assert.Equal(expected, TimeText.Iso(nanoseconds));
}
