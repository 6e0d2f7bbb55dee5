using CustomerCore.Credit;

namespace CustomerCore.Sample.Console;

/// <summary><c>credit add-option|charge|pay|issue|redeem|balance</c>.</summary>
internal static class CreditCommands
{
    public static async Task<int> RunAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var credit = context.Get<CreditService>();
        var verb = CliContext.Word(line, 1, "a credit command: add-option, charge, pay, issue, redeem, balance");
        var customer = await context.ResolveCustomerAsync(CliContext.Word(line, 2, "the customer"), cancellationToken);
        switch (verb)
        {
            case "add-option":
            {
                var name = line.Option("--name") ?? "House account";
                var limit = CliContext.Amount(line, "--limit");
                var term = line.IntOption("--term", 30, 0, CreditService.MaxPaymentTermDays);
                line.RejectUnknownOptions();
                var opened = await credit.OpenCreditLineAsync(context.Merchant, customer.Id, new CreditLineInput(name, limit, term), cancellationToken);
                return opened.Succeeded
                    ? context.Print(Account(opened.Value!), $"Opened credit line '{name}' for {customer.Name}: limit {MoneyText.Format(limit)}, {term} days [{opened.Value!.Id}]")
                    : context.Fail(opened);
            }

            case "charge":
            case "pay":
            {
                var line_ = await CreditLineAsync(context, credit, customer.Id, line.Option("--line"), cancellationToken);
                var amount = CliContext.Amount(line, "--amount");
                var details = context.Posting(line);
                line.RejectUnknownOptions();
                var posted = verb == "charge"
                    ? await credit.ChargeAsync(context.Merchant, line_.Id, amount, details, cancellationToken)
                    : await credit.RecordPaymentAsync(context.Merchant, line_.Id, amount, details, cancellationToken);
                return Posted(context, posted, verb == "charge" ? "Charged" : "Paid");
            }

            case "issue":
            case "redeem":
            {
                var amount = CliContext.Amount(line, "--amount");
                var details = context.Posting(line);
                line.RejectUnknownOptions();
                var posted = verb == "issue"
                    ? await credit.IssueStoreCreditAsync(context.Merchant, customer.Id, amount, details, cancellationToken)
                    : await credit.RedeemStoreCreditAsync(context.Merchant, customer.Id, amount, details, cancellationToken);
                return Posted(context, posted, verb == "issue" ? "Issued store credit" : "Redeemed store credit");
            }

            case "balance":
            {
                line.RejectUnknownOptions();
                var accounts = await credit.ListAccountsAsync(context.Merchant, customer.Id, cancellationToken);
                if (!accounts.Succeeded)
                {
                    return context.Fail(accounts);
                }

                var views = accounts.Value!.Select(Account).ToList();
                if (views.Count > 0 && context.Terminal is { } terminal)
                {
                    terminal.Table(
                        ["Kind", "Name", "Balance", "Limit", "Held"],
                        accounts.Value!.Select(a => new[]
                        {
                            a.Kind.ToString(), a.Name, MoneyText.Balance(a), a.Limit is { } limit ? MoneyText.Format(limit, a.Unit) : "-", a.Held != 0 ? MoneyText.Format(a.Held, a.Unit) : "-",
                        }));
                    return 0;
                }

                var text = views.Count == 0
                    ? $"{customer.Name} has no credit lines, store credit or points."
                    : string.Join(Environment.NewLine, accounts.Value!.Select(a =>
                        $"{a.Kind} '{a.Name}': balance {MoneyText.Balance(a)}" +
                        (a.Limit is { } limit ? $", limit {MoneyText.Format(limit, a.Unit)}" : string.Empty) +
                        (a.Held != 0 ? $", held {MoneyText.Format(a.Held, a.Unit)}" : string.Empty)));
                return context.Print(views, text);
            }

            default:
                throw new UsageException($"Unknown credit command '{verb}'.");
        }
    }

    private static int Posted(CliContext context, OperationResult<LedgerPosting> posted, string what)
    {
        if (!posted.Succeeded)
        {
            return context.Fail(posted);
        }

        var p = posted.Value!;
        var view = new { entryId = p.Entry.Id, type = p.Entry.Type, amount = MoneyText.Amount(p.Entry.Amount, p.Entry.Unit), unit = p.Entry.Unit, balance = MoneyText.Amount(p.Account.Balance, p.Entry.Unit), replayed = p.Replayed, idempotencyKey = p.Entry.IdempotencyKey, overrideReason = p.Entry.OverrideReason };
        var text = $"{what}: {MoneyText.Format(Math.Abs(p.Entry.Amount), p.Entry.Unit)}; balance now {MoneyText.Format(p.Account.Balance, p.Entry.Unit)}" +
            (p.Replayed ? " (already posted with this key; nothing new was posted)" : string.Empty);
        return context.Print(view, text);
    }

    private static object Account(LedgerAccount a) =>
        new
        {
            a.Id, kind = a.Kind, a.Name, a.Unit,
            Balance = MoneyText.Amount(a.Balance, a.Unit), Held = MoneyText.Amount(a.Held, a.Unit), Limit = MoneyText.Amount(a.Limit, a.Unit),
            a.PaymentTermDays, a.IsActive,
        };

    private static async Task<LedgerAccount> CreditLineAsync(CliContext context, CreditService credit, Guid customerId, string? name, CancellationToken cancellationToken)
    {
        var accounts = await credit.ListAccountsAsync(context.Merchant, customerId, cancellationToken);
        var lines = (accounts.Value ?? []).Where(a => a.Kind == LedgerAccountKind.CreditLine).ToList();
        if (name is not null)
        {
            return lines.FirstOrDefault(a => string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"The customer has no credit line named '{name}'.");
        }

        return lines.Count == 1 ? lines[0] : throw new UsageException(lines.Count == 0 ? "The customer has no credit line; add one with 'credit add-option'." : "The customer has several credit lines; name one with --line.");
    }
}
