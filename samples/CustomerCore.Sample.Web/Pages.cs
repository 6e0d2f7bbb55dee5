using System.Text;
using System.Text.Encodings.Web;
using CustomerCore.Customers;

namespace CustomerCore.Sample.Web;

/// <summary>Server-rendered HTML for the back office. Every value is HTML-encoded on the way out.</summary>
internal static class Pages
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string E(string? value) => Html.Encode(value ?? string.Empty);

    public static IResult Layout(string title, string body, int statusCode = 200) => Results.Content(
        $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>{{E(title)}} · CustomerCore back office</title>
          <style>
            body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 56rem; color: #222; }
            nav a { margin-right: 1rem; }
            table { border-collapse: collapse; width: 100%; }
            td, th { border-bottom: 1px solid #ddd; padding: .4rem; text-align: left; }
            .error { color: #a00; }
            .hint { color: #666; font-size: .9em; }
            label { display: block; margin-top: .5rem; }
          </style>
        </head>
        <body>
          <nav><a href="/">Find a customer</a><a href="/customers/new" id="new-customer">New customer</a></nav>
          <h1>{{E(title)}}</h1>
          {{body}}
        </body>
        </html>
        """,
        "text/html; charset=utf-8",
        Encoding.UTF8,
        statusCode);

    public static string SearchForm(string? query) =>
        $"""
        <form method="get" action="/" id="search">
          <input name="q" id="q" value="{E(query)}" placeholder="phone, last 4 digits, email, code, postcode or name" size="50" autofocus>
          <button type="submit">Find</button>
        </form>
        """;

    public static string MatchTable(IReadOnlyList<CustomerMatch> matches)
    {
        if (matches.Count == 0)
        {
            return "<p id=\"no-results\">No customers found.</p>";
        }

        var rows = new StringBuilder();
        foreach (var match in matches)
        {
            var c = match.Customer;
            rows.Append(CultureInvariant(
                $"<tr class=\"result\"><td><a href=\"/customers/{c.Id}\">{E(c.Name)}</a></td><td>{E(c.Email)}</td><td>{E(c.PhoneE164 ?? c.Phone)}</td><td>{E(c.PostalCode)}</td><td class=\"matched-by\">{E(match.MatchedBy.ToString())}</td></tr>"));
        }

        return $"<table id=\"results\"><tr><th>Name</th><th>Email</th><th>Phone</th><th>Postcode</th><th>Matched by</th></tr>{rows}</table>";
    }

    public static string CustomerForm(string antiforgeryField, string antiforgeryToken, CustomerInput input, IEnumerable<string> errors, IReadOnlyList<CustomerMatch> duplicates)
    {
        var errorList = string.Concat(errors.Select(e => $"<li class=\"error\">{E(e)}</li>"));
        var duplicateList = duplicates.Count == 0
            ? string.Empty
            : $"""
              <p class="error" id="duplicates">These customers look like the same person:</p>
              {MatchTable(duplicates)}
              <label><input type="checkbox" name="force" value="true"> Create anyway</label>
              """;
        return $"""
            <ul id="errors">{errorList}</ul>
            <form method="post" action="/customers" id="customer-form">
              <input type="hidden" name="{E(antiforgeryField)}" value="{E(antiforgeryToken)}">
              <label>First name <input name="firstName" id="firstName" value="{E(input.FirstName)}"></label>
              <label>Last name <input name="lastName" id="lastName" value="{E(input.LastName)}"></label>
              <label>Email <input name="email" id="email" value="{E(input.Email)}"></label>
              <label>Phone <input name="phone" id="phone" value="{E(input.Phone)}"></label>
              <label>Postcode <input name="postalCode" id="postalCode" value="{E(input.PostalCode)}"></label>
              <label>Note <textarea name="note" id="note">{E(input.Note)}</textarea></label>
              <p class="hint">Never enter card numbers or medical information in notes.</p>
              <label><input type="checkbox" name="emailConsent" id="emailConsent" value="true"> The customer agrees to receive marketing email</label>
              {duplicateList}
              <p><button type="submit" id="save">Save</button></p>
            </form>
            """;
    }

    public static string Details(Customer c) =>
        $"""
        <dl id="customer">
          <dt>Name</dt><dd id="name">{E(c.Name)}</dd>
          <dt>Email</dt><dd id="customer-email">{E(c.Email)}</dd>
          <dt>Phone</dt><dd id="customer-phone">{E(c.PhoneE164 ?? c.Phone)}{(c.PhoneNeedsReview ? " (could not be verified)" : string.Empty)}</dd>
          <dt>Postcode</dt><dd>{E(c.PostalCode)}</dd>
          <dt>Email marketing</dt><dd id="email-consent">{E(c.EmailConsent.Status.ToString())}</dd>
          <dt>Note</dt><dd>{E(c.Note)}</dd>
          <dt>Version</dt><dd>{c.Version}</dd>
        </dl>
        """;

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
