using System.Security.Cryptography;
using System.Text;
using Omniops.Actors.Grains.Members;

namespace Omniops.Actors.Tests.Members;

public sealed class TotpTests
{
    private static readonly byte[] Sha1Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Seed = Encoding.ASCII.GetBytes("12345678901234567890123456789012");

    [Theory]
    [InlineData(59L, "94287082", "46119246")]
    [InlineData(1111111109L, "07081804", "68084774")]
    [InlineData(1111111111L, "14050471", "67062674")]
    [InlineData(1234567890L, "89005924", "91819424")]
    [InlineData(2000000000L, "69279037", "90698825")]
    [InlineData(20000000000L, "65353130", "77737706")]
    public void The_codes_match_the_test_vectors_of_RFC_6238_appendix_B(long unixSeconds, string sha1, string sha256)
    {
        var step = Totp.StepOf(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
        Assert.Equal(sha1, Totp.Code(Sha1Seed, step, 8));
        Assert.Equal(sha256, Totp.Code(Sha256Seed, step, 8, HashAlgorithmName.SHA256));
        Assert.Equal(sha1[2..], Totp.Code(Sha1Seed, step));
    }

    [Fact]
    public void A_code_is_accepted_one_step_either_side_and_never_for_a_step_already_used()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var step = Totp.StepOf(now);
        Assert.Equal(step, Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step), now, 0));
        Assert.Equal(step - 1, Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step - 1), now, 0));
        Assert.Equal(step + 1, Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step + 1), now, 0));
        Assert.Null(Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step - 2), now, 0));
        Assert.Null(Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step + 2), now, 0));
        Assert.Null(Totp.Verify(Sha1Seed, Totp.Code(Sha1Seed, step), now, step));
        Assert.Null(Totp.Verify(Sha1Seed, "12345", now, 0));
        Assert.Null(Totp.Verify(Sha1Seed, "abcdef", now, 0));
    }

    [Fact]
    public void Secrets_are_base32_as_RFC_4648_spells_it_and_the_uri_is_an_otpauth_totp_uri()
    {
        Assert.Equal("MZXW6YTBOI", Totp.Base32("foobar"u8));
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.Base32(Sha1Seed));
        Assert.Equal("otpauth://totp/Omniops:pat%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Omniops&algorithm=SHA1&digits=6&period=30",
            Totp.Uri("Omniops", "pat@example.com", Sha1Seed));
    }
}
