using CustomerCore.Importing;

namespace CustomerCore.Tests;

public sealed class CustomerCsvFormatTests
{
    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@handle", "'@handle")]
    [InlineData("'=already", "''=already")]
    [InlineData("#clear", "'#clear")]
    [InlineData("+447911123456", "+447911123456")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("'Tis", "'Tis")]
    [InlineData("+44 7911 123456", "'+44 7911 123456")]
    [InlineData("Plain", "Plain")]
    public void GuardCell_NeutralisesFormulasAndUnguardRestoresThem(string value, string cell)
    {
        Assert.Equal(cell, CustomerCsvFormat.GuardCell(value));
        Assert.Equal(value, CustomerCsvFormat.UnguardCell(cell));
    }

    [Theory]
    [InlineData("E-Mail", CustomerImportField.Email)]
    [InlineData("  email address ", CustomerImportField.Email)]
    [InlineData("Correo Electronico", CustomerImportField.Email)]
    [InlineData("TELÉFONO", CustomerImportField.Phone)]
    [InlineData("Postleitzahl", CustomerImportField.PostalCode)]
    [InlineData("Default Address Province Code", CustomerImportField.Region)]
    [InlineData("phone_2", CustomerImportField.SecondaryPhone)]
    [InlineData("Customer name", CustomerImportField.DisplayName)]
    public void Headers_MatchIgnoringCaseSpacesAccentsAndPunctuation(string header, CustomerImportField field) =>
        Assert.Equal(field, CustomerImportHeaders.FieldOf(header));

    [Fact]
    public void UnknownHeader_MapsToNothing() => Assert.Null(CustomerImportHeaders.FieldOf("Favourite Colour"));

    [Theory]
    [InlineData("yes", Privacy.ConsentStatus.OptedIn)]
    [InlineData("Opted_In", Privacy.ConsentStatus.OptedIn)]
    [InlineData("unsubscribed", Privacy.ConsentStatus.OptedOut)]
    [InlineData("Nein", Privacy.ConsentStatus.OptedOut)]
    public void Consent_ReadsSynonyms(string text, Privacy.ConsentStatus expected)
    {
        Assert.True(CustomerCsvFormat.TryParseConsent(text, out var status));
        Assert.Equal(expected, status);
    }
}
