using GrainChain.Runtime.Storage;

namespace GrainChain.Runtime.Tests.Storage;

public sealed class StorageETagTests
{
    [Theory]
    [InlineData(0L, "0000000000000000")]
    [InlineData(1L, "0000000000000001")]
    [InlineData(-1L, "ffffffffffffffff")]
    [InlineData(long.MinValue, "8000000000000000")]
    [InlineData(long.MaxValue, "7fffffffffffffff")]
    public void Tokens_format_as_sixteen_hex_digits_and_parse_back(long value, string text)
    {
        Assert.Equal(text, StorageETag.Format(value));
        Assert.True(StorageETag.TryParse(text, out var parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("00000000000000001")]
    [InlineData("000000000000000g")]
    [InlineData("-000000000000001")]
    [InlineData(" 000000000000001")]
    public void Text_that_is_not_a_token_does_not_parse(string? text)
    {
        Assert.False(StorageETag.TryParse(text, out _));
    }
}
