using System.Net;
using System.Text.RegularExpressions;

namespace CustomerCore.Samples.Tests;

/// <summary>
/// Errors shown by the back office come from the library in the language the browser asks for. Driven over HTTP
/// (a browser's language is fixed when it starts), with the same sign-in and antiforgery tokens a browser uses.
/// </summary>
public sealed partial class WebBackOfficeTests
{
    [Theory]
    [InlineData("es-ES,es;q=0.9", "parece un número de tarjeta de pago")]
    [InlineData("de-DE,de;q=0.9", "sieht wie eine Kartennummer aus")]
    [InlineData("en-GB,en;q=0.9", "looks like a payment card number")]
    public async Task CardNumberError_IsInTheRequestsLanguage(string acceptLanguage, string expected)
    {
        _ = Browser; // skips or fails like the browser tests when the sample cannot run here
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(web.BaseUrl) };
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        var ct = TestContext.Current.CancellationToken;

        var signedIn = await PostFormAsync(http, "/Account/Login", "/Account/Login", [("userName", CashierUser), ("password", CashierPassword)], ct);
        Assert.Contains("signed-in-as", signedIn, StringComparison.Ordinal);

        var refused = await PostFormAsync(http, "/Customers/New", "/Customers/New", [("Form.LastName", "Sprache"), ("Form.Note", "4111 1111 1111 1111")], ct);

        Assert.Contains(expected, WebUtility.HtmlDecode(refused), StringComparison.Ordinal);
    }

    /// <summary>Loads <paramref name="formPage"/> for its antiforgery token, then posts the fields to <paramref name="action"/>.</summary>
    private static async Task<string> PostFormAsync(HttpClient http, string formPage, string action, (string Name, string Value)[] fields, CancellationToken ct)
    {
        var page = await http.GetStringAsync(formPage, ct);
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        Assert.NotEmpty(token);
        using var body = new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        using var response = await http.PostAsync(action, body, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
