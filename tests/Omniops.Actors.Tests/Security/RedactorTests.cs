using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Tests.Security;

public sealed class RedactorTests
{
    [Theory]
    [InlineData("key omk.t1234.k5678.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_ used", "omk.")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGci")]
    [InlineData("mail alice.smith+shop@example.co.uk now", "alice.smith")]
    [InlineData("call +44 20 7946 0958 today", "7946")]
    [InlineData("call 555-123-4567 today", "4567")]
    [InlineData("card 4111 1111 1111 1111 ok", "1111 1111")]
    [InlineData("sig sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "9f86d0")]
    [InlineData("token whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8")]
    public void SecretsAndPersonalDataAreMasked(string text, string mustVanish)
    {
        var redacted = Redactor.Redact(text);

        Assert.DoesNotContain(mustVanish, redacted, StringComparison.Ordinal);
        Assert.Contains(Redactor.Mask, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void OrdinaryIdsTimesAndWordsSurvive()
    {
        const string text = "Tenant tabcdefghijklmnopqrst created key kabcdefghijklmnopqrst at 2026-11-27 04:36:30 in region eu";

        Assert.Equal(text, Redactor.Redact(text));
    }

    [Fact]
    public void APreviewIsBoundedAndRedacted()
    {
        var preview = Redactor.Preview("Refund order for bob@example.com please " + string.Join(" ", Enumerable.Repeat("word", 100)));

        Assert.True(preview.Length <= Redactor.PreviewLength);
        Assert.DoesNotContain("bob@", preview, StringComparison.Ordinal);
        Assert.EndsWith("…", preview, StringComparison.Ordinal);
    }
}
