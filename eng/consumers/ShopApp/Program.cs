using ShopApp;

// A vendor's start-up: migrate the shop's database, then serve. Here "serve" is one scripted customer visit.
var databaseFile = args.Length > 0 ? args[0] : "shop.db";
await using var provider = ShopServices.Build(databaseFile);
await ShopServices.MigrateAsync(provider);
var outcome = await ShopFlow.RunAsync(provider, Guid.NewGuid().ToString("N")[..8]);

Console.WriteLine($"Created {outcome.Customer.FirstName} {outcome.Customer.LastName} ({outcome.Customer.PhoneE164}).");
Console.WriteLine($"Last four digits 3456 found {outcome.FoundByLastDigits.Count} customer(s).");
Console.WriteLine($"Store credit available: {outcome.StoreCredit.Available.Amount} {outcome.StoreCredit.Available.Currency}.");
Console.WriteLine($"Ticket {outcome.Ticket.TicketReference} linked; visits: {outcome.Statistics.VisitCount}.");
