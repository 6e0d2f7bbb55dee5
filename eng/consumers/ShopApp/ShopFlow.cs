using CustomerCore;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace ShopApp;

/// <summary>What the shop saw at each step of a customer's first visit.</summary>
public sealed record ShopFlowOutcome(
    Customer Customer,
    IReadOnlyList<CustomerMatch> FoundByLastDigits,
    StoreCreditBalance StoreCredit,
    TicketLink Ticket,
    CustomerStatistics Statistics,
    int SalesInShopTable);

/// <summary>
/// A customer's first visit as a till would run it: sign-up, identification by the last digits of the phone, store
/// credit issued and partly spent, and the sale linked to the customer. Each step in its own scope, as each request of
/// a host would be.
/// </summary>
public static class ShopFlow
{
    private static readonly MerchantId Shop = new("corner-shop");

    public static async Task<ShopFlowOutcome> RunAsync(IServiceProvider provider, string suffix, CancellationToken cancellationToken = default)
    {
        var customer = await InScopeAsync(provider, (CustomerService customers) => customers.CreateAsync(
            Shop,
            new CustomerInput { FirstName = "Ann", LastName = "Lee", Email = $"ann.{suffix}@example.com", Phone = "07911 123456" },
            new CreateCustomerOptions { AllowPossibleDuplicates = true },
            cancellationToken));

        var found = await InScopeAsync(provider, (CustomerService customers) =>
            customers.SearchAsync(Shop, new CustomerQuery("3456"), cancellationToken));

        await InScopeAsync(provider, (CreditService credit) => credit.IssueStoreCreditAsync(
            Shop, customer.Customer.Id, new Money(20m, "GBP"), new LedgerPostingDetails($"refund-{suffix}"), cancellationToken));
        await InScopeAsync(provider, (CreditService credit) => credit.RedeemStoreCreditAsync(
            Shop, customer.Customer.Id, new Money(5m, "GBP"), new LedgerPostingDetails($"sale-{suffix}"), cancellationToken));
        var balance = await InScopeAsync(provider, (CreditService credit) =>
            credit.GetStoreCreditAsync(Shop, customer.Customer.Id, "GBP", cancellationToken));

        var ticketReference = $"T-{suffix}";
        await using (var scope = provider.CreateAsyncScope())
        {
            // The shop's own table and CustomerCore's share the DbContext; the till saves its sale as it always has.
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            db.Sales.Add(new Sale { Id = Guid.NewGuid(), TicketReference = ticketReference, Total = 42.50m, Currency = "GBP", LineCount = 3 });
            await db.SaveChangesAsync(cancellationToken);
        }

        await InScopeAsync(provider, (TicketLinkService tickets) => tickets.ReportAsync(
            Shop,
            new TicketReport { TicketReference = ticketReference, Status = TicketStatus.Completed, Total = 42.50m, Currency = "GBP", LineCount = 3 },
            cancellationToken));
        var ticket = await InScopeAsync(provider, (TicketLinkService tickets) =>
            tickets.AttachAsync(Shop, ticketReference, customer.Customer.Id, cancellationToken: cancellationToken));
        var statistics = await InScopeAsync(provider, (TicketLinkService tickets) =>
            tickets.GetStatisticsAsync(Shop, customer.Customer.Id, cancellationToken));

        await using var last = provider.CreateAsyncScope();
        var sales = last.ServiceProvider.GetRequiredService<ShopDbContext>().Sales.Count(s => s.TicketReference == ticketReference);
        return new ShopFlowOutcome(customer.Customer, found.Items, balance, ticket, statistics, sales);
    }

    private static async Task<T> InScopeAsync<TService, T>(IServiceProvider provider, Func<TService, Task<OperationResult<T>>> step)
        where TService : notnull
    {
        await using var scope = provider.CreateAsyncScope();
        var result = await step(scope.ServiceProvider.GetRequiredService<TService>());
        return result.TryGetValue(out var value, out var errors)
            ? value
            : throw new InvalidOperationException($"{typeof(TService).Name} refused: " + string.Join("; ", errors.Select(e => $"{e.Code}: {e.Description}")));
    }
}
