using CustomerCore;
using CustomerCore.Customers;
using CustomerCore.Privacy;
using CustomerCore.Sample.Web;
using Microsoft.AspNetCore.Antiforgery;

var builder = WebApplication.CreateBuilder(args);

// The vendor's integration: options, stores, done. The merchant would come from the signed-in user.
builder.Services.AddCustomerCore(o => o.DefaultRegion = builder.Configuration["CustomerCore:Region"] ?? "US")
                .AddInMemoryStores();
builder.Services.AddAntiforgery();

var app = builder.Build();
var merchant = new MerchantId(app.Configuration["CustomerCore:Merchant"] ?? "demo");

app.MapGet("/", async (string? q, CustomerService customers, CancellationToken ct) =>
{
    var body = Pages.SearchForm(q);
    if (!string.IsNullOrWhiteSpace(q))
    {
        var found = await customers.SearchAsync(merchant, new CustomerQuery(q), ct);
        body += found.Succeeded
            ? Pages.MatchTable(found.Value!.Items)
            : string.Concat(found.Errors.Select(e => $"<p class=\"error\">{Pages.E(e.Description)}</p>"));
    }

    return Pages.Layout("Find a customer", body);
});

app.MapGet("/customers/new", (HttpContext http, IAntiforgery antiforgery) =>
{
    var tokens = antiforgery.GetAndStoreTokens(http);
    return Pages.Layout("New customer", Pages.CustomerForm(tokens.FormFieldName, tokens.RequestToken!, new CustomerInput(), [], []));
});

app.MapPost("/customers", async (HttpContext http, IAntiforgery antiforgery, CustomerService customers, CancellationToken ct) =>
{
    if (!await antiforgery.IsRequestValidAsync(http))
    {
        return Results.BadRequest("The form expired; reload the page.");
    }

    var form = await http.Request.ReadFormAsync(ct);
    var input = new CustomerInput
    {
        FirstName = form["firstName"],
        LastName = form["lastName"],
        Email = form["email"],
        Phone = form["phone"],
        PostalCode = form["postalCode"],
        Note = form["note"],
        EmailConsent = form["emailConsent"] == "true" ? new ConsentInput(ConsentStatus.OptedIn, "back-office-2026") : null,
        Source = ConsentSource.Web,
    };
    var force = form["force"] == "true";
    var created = await customers.CreateAsync(merchant, input, new CreateCustomerOptions { AllowPossibleDuplicates = force }, ct);
    if (created.TryGetValue(out var creation, out var errors))
    {
        return Results.Redirect($"/customers/{creation.Customer.Id}");
    }

    var candidates = created.TryGetError<DuplicateCustomersError>(out var duplicate) ? duplicate.Candidates : [];
    var tokens = antiforgery.GetAndStoreTokens(http);
    var body = Pages.CustomerForm(tokens.FormFieldName, tokens.RequestToken!, input, errors.Select(e => e.Description), candidates);
    return Pages.Layout("New customer", body, StatusCodes.Status422UnprocessableEntity);
});

app.MapGet("/customers/{id:guid}", async (Guid id, CustomerService customers, CancellationToken ct) =>
{
    var found = await customers.GetAsync(merchant, id, ct);
    return found.Succeeded
        ? Pages.Layout(found.Value!.Name, Pages.Details(found.Value))
        : Pages.Layout("Not found", "<p class=\"error\">No such customer.</p>", StatusCodes.Status404NotFound);
});

app.Run();
