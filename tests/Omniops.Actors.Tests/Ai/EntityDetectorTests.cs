using Omniops.Actors.Grains.Ai.Minimisation;

namespace Omniops.Actors.Tests.Ai;

public sealed class EntityDetectorTests
{
    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("378282246310005", true)]
    [InlineData("378282246310006", false)]
    public void TheLuhnCheckAcceptsValidCardNumbersAndRejectsOneDigitOff(string number, bool valid) =>
        Assert.Equal(valid, CardDetector.Luhn([.. number.Select(c => (byte)(c - '0'))]));

    [Theory]
    [InlineData("Card 4111 1111 1111 1111 exp 09/27", "4111 1111 1111 1111")]
    [InlineData("amex 3782-822463-10005.", "3782-822463-10005")]
    [InlineData("pay with 5555555555554444 please", "5555555555554444")]
    public void CardNumbersAreFoundInAnyGrouping(string text, string card) =>
        Assert.Equal([card], Found(new CardDetector(), text, EntityKind.Card));

    [Theory]
    [InlineData("Reference 4111 1111 1111 1112 on my statement")]
    [InlineData("EAN 4006381333931 and EAN 5012345678900")]
    [InlineData("order 1234567890123456 and price £1,299.99")]
    [InlineData("SKU-4111111111111111")]
    public void LuhnInvalidReferencesEansAndCodesAreNotCards(string text) =>
        Assert.Empty(Found(new CardDetector(), text, EntityKind.Card));

    [Theory]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("GB82WEST12345698765431", false)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("NL91ABNA0417164300", true)]
    [InlineData("NL91ABNA0417164301", false)]
    public void TheMod97CheckAcceptsValidIbansAndRejectsOneCharacterOff(string iban, bool valid) =>
        Assert.Equal(valid, IbanDetector.IsValid(iban));

    [Theory]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 THANKS", "DE89 3704 0044 0532 0130 00")]
    [InlineData("to GB82WEST12345698765432.", "GB82WEST12345698765432")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606 please", "FR14 2004 1010 0505 0001 3M02 606")]
    public void IbansAreFoundInAnySpacingAndEndAtTheirCountrysLength(string text, string iban) =>
        Assert.Equal([iban], Found(new IbanDetector(), text, EntityKind.Iban));

    [Theory]
    [InlineData("IBAN GB82 WEST 1234 5698 7654 31")]
    [InlineData("SKU AB12CD34EF56GH78 in stock")]
    public void IbanShapesWithABadChecksumAreNotFlagged(string text) =>
        Assert.Empty(Found(new IbanDetector(), text, EntityKind.Iban));

    [Theory]
    [InlineData("call +44 7911 123456 today", "+44 7911 123456")]
    [InlineData("mobile 07911 123456", "07911 123456")]
    [InlineData("ring (212) 456-7890 pls", "(212) 456-7890")]
    [InlineData("Tel. +49 30 12345678", "+49 30 12345678")]
    [InlineData("06 12 34 56 78 ou", "06 12 34 56 78")]
    [InlineData("+44 (0)7911-123-456", "+44 (0)7911-123-456")]
    [InlineData("text me on 2124567890", "2124567890")]
    public void PhoneNumbersOfTheRegionsServedAreFound(string text, string phone) =>
        Assert.Equal([phone], Found(new PhoneDetector(), text, EntityKind.Phone));

    [Theory]
    [InlineData("SKU-4471-2231 costs £1,299.99")]
    [InlineData("ordered on 12/03/2025 and 2025-03-12, delivered 12.03.2025")]
    [InlineData("order 2124567890 arrived")]
    [InlineData("reference 4000 1234 5678 9010 on the statement")]
    [InlineData("item 558812 x 3, batch 47A123456, EAN 5012345678900")]
    [InlineData("version v2.14.3 at 10:30")]
    public void SkusPricesDatesOrderNumbersAndLongReferencesAreNotPhones(string text) =>
        Assert.Empty(Found(new PhoneDetector(), text, EntityKind.Phone));

    [Theory]
    [InlineData("CVV 123", "123")]
    [InlineData("the security code: 4321.", "4321")]
    [InlineData("cvc is 987", "987")]
    public void SecurityCodesAreFoundOnlyWhereTheTextSaysSo(string text, string code) =>
        Assert.Equal([code], Found(new CvvDetector(), text, EntityKind.Cvv));

    [Theory]
    [InlineData("I bought 123 items")]
    [InlineData("the CVV was wrong")]
    public void ThreeDigitNumbersWithoutASecurityCodeWordStay(string text) =>
        Assert.Empty(Found(new CvvDetector(), text, EntityKind.Cvv));

    [Theory]
    [InlineData("my password: hunter2 ok", "hunter2")]
    [InlineData("password is Summer2024!", "Summer2024!")]
    [InlineData("pwd=abc123", "abc123")]
    [InlineData("key sk_live_abcdefghijklmnop123 fails", "sk_live_abcdefghijklmnop123")]
    [InlineData("Authorization: Bearer abc.def-ghi_123456", "Bearer abc.def-ghi_123456")]
    public void PasswordsAndTokensAreFound(string text, string secret) =>
        Assert.Contains(secret, Found(new SecretDetector(), text, EntityKind.Secret));

    [Theory]
    [InlineData("I forgot my password yesterday")]
    [InlineData("please pass the parcel to my neighbour")]
    [InlineData("the pin on the badge fell off")]
    public void OrdinaryWordsAboutPasswordsAreNotSecrets(string text) =>
        Assert.Empty(Found(new SecretDetector(), text, EntityKind.Secret));

    [Theory]
    [InlineData("deliver to SW1A 1AA", "SW1A 1AA")]
    [InlineData("Austin, TX 73301 USA", "73301")]
    [InlineData("zip code 90210-1234", "90210-1234")]
    [InlineData("Hauptstraße 5, 10115 Berlin", "10115")]
    [InlineData("Damrak 1, 1012 AB Amsterdam", "1012 AB")]
    [InlineData("Eircode D02 X285", "D02 X285")]
    public void PostcodesAreFoundByPatternOrInAddressContext(string text, string postcode) =>
        Assert.Equal([postcode], Found(new PostcodeDetector(), text, EntityKind.Postcode));

    [Theory]
    [InlineData("I bought 10115 points and order 75008 arrived")]
    [InlineData("size EU 42, W32 L34, 2024 XL")]
    [InlineData("SKU TS-4471-BLK-M and code SAVE20")]
    public void BareNumbersSizesAndSkusAreNotPostcodes(string text) =>
        Assert.Empty(Found(new PostcodeDetector(), text, EntityKind.Postcode));

    [Theory]
    [InlineData("from 192.168.1.20 today", "192.168.1.20")]
    [InlineData("from 2001:db8::1 today", "2001:db8::1")]
    public void IpAddressesAreFound(string text, string address) =>
        Assert.Equal([address], Found(new IpAddressDetector(), text, EntityKind.IpAddress));

    [Theory]
    [InlineData("firmware 1.2.3.4.5 at 10:30:00")]
    [InlineData("address 256.1.1.1 is not one")]
    public void VersionNumbersTimesAndOutOfRangeOctetsAreNotIpAddresses(string text) =>
        Assert.Empty(Found(new IpAddressDetector(), text, EntityKind.IpAddress));

    [Theory]
    [InlineData("open https://shop.example.com/reset?token=abc123.", "https://shop.example.com/reset?token=abc123")]
    [InlineData("see https://cdn.example.net/a.pdf?X-Amz-Signature=ff00&X-Amz-Expires=300", "https://cdn.example.net/a.pdf?X-Amz-Signature=ff00&X-Amz-Expires=300")]
    [InlineData("https://t.example.com/t/AbCdEf1234567890GhIjKl", "https://t.example.com/t/AbCdEf1234567890GhIjKl")]
    public void UrlsCarryingTokensAreFound(string text, string url) =>
        Assert.Equal([url], Found(new TokenUrlDetector(), text, EntityKind.TokenUrl));

    [Fact]
    public void UrlsWithoutTokensAreNotFlagged() =>
        Assert.Empty(Found(new TokenUrlDetector(), "see https://shop.example.com/products/blue-cotton-shirt-large?size=M", EntityKind.TokenUrl));

    [Theory]
    [InlineData("NI AB 12 34 56 C", "AB 12 34 56 C")]
    [InlineData("ni JG103397A.", "JG103397A")]
    [InlineData("SSN 123-45-6789", "123-45-6789")]
    public void NationalIdsAreFound(string text, string id) =>
        Assert.Equal([id], Found(new NationalIdDetector(), text, EntityKind.NationalId));

    [Theory]
    [InlineData("QQ123456C GB123456A BG123456A")]
    [InlineData("666-12-3456 900-12-3456 123-00-4567 123-45-0000")]
    [InlineData("SKU-123-45-6789 and 123-45-67890")]
    public void InvalidNationalIdsAreNotFlagged(string text) =>
        Assert.Empty(Found(new NationalIdDetector(), text, EntityKind.NationalId));

    [Fact]
    public void KnownNamePartsMatchWholeWordsOnly()
    {
        var scope = new Minimiser([]).BeginScope([new KnownEntity(EntityKind.Customer, "Ann van Dijk")]);

        Assert.Equal("Annual announcement for [CUSTOMER_1] and [CUSTOMER_2] ([CUSTOMER_3]); a van arrived.",
            scope.Minimise("Annual announcement for Ann and van Dijk (Ann van Dijk); a van arrived."));
    }

    [Fact]
    public void AKnownPhoneIsFoundInAnySpellingAsOneReference()
    {
        var scope = new Minimiser([]).BeginScope([new KnownEntity(EntityKind.Phone, "+44 7911 123456")]);

        Assert.Equal("[PHONE_1] or [PHONE_1] or [PHONE_1] or [PHONE_1], not 07911 123457",
            scope.Minimise("07911123456 or +44 (0)7911-123-456 or 0044 7911 123 456 or 7911.123.456, not 07911 123457"));
    }

    [Fact]
    public void KnownOrderAndTrackingNumbersMatchWithOrWithoutTheirHashAndAddressesByLine()
    {
        var scope = new Minimiser([]).BeginScope([
            new KnownEntity(EntityKind.Order, "#1042"), new KnownEntity(EntityKind.Tracking, "RM123456785GB"),
            new KnownEntity(EntityKind.Address, "221B Baker Street, London, NW1 6XE")]);

        Assert.Equal("[ORDER_1], [ORDER_1] not 10420; [TRACKING_1] to [ADDRESS_1] near [ADDRESS_2] ([ADDRESS_3])",
            scope.Minimise("1042, #1042 not 10420; #RM123456785GB to 221B  Baker Street near NW16XE (London)"));
    }

    private static string[] Found(IEntityDetector detector, string text, EntityKind kind)
    {
        var found = new List<MinimisedSpan>();
        detector.Detect(text, found);
        Assert.All(found, span => Assert.Equal(kind, span.Kind));
        return [.. found.Select(span => text.Substring(span.Start, span.Length))];
    }
}
