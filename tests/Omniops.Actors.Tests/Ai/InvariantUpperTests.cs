using Omniops.Actors.Grains.Ai.Minimisation;

namespace Omniops.Actors.Tests.Ai;

public sealed class InvariantUpperTests
{
    [Fact]
    public void The_table_answers_what_the_runtime_answers_for_every_character_of_the_basic_multilingual_plane()
    {
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var ch = (char)i;
            if (InvariantUpper.Of(ch) != char.ToUpperInvariant(ch))
            {
                Assert.Fail($"U+{i:X4}: table '{InvariantUpper.Of(ch)}', runtime '{char.ToUpperInvariant(ch)}'");
            }
        }
    }

    [Theory]
    [InlineData('a', 'A')]
    [InlineData('é', 'É')]
    [InlineData('ÿ', 'Ÿ')]
    [InlineData('ß', 'ß')]
    [InlineData('’', '’')]
    [InlineData('£', '£')]
    public void Letters_are_raised_and_characters_without_case_stay(char ch, char expected) => Assert.Equal(expected, InvariantUpper.Of(ch));
}
