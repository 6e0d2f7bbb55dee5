using System.Globalization;
using CustomerCore.Customers;
using CustomerCore.Discounts;
using CustomerCore.Groups;

namespace CustomerCore.Sample.Console;

/// <summary><c>groups add|rename|delete|list</c> and <c>customers set-group|set-discount</c>.</summary>
internal static class GroupCommands
{
    public static async Task<int> RunAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var groups = context.Get<CustomerGroupService>();
        var verb = CliContext.Word(line, 1, "a groups command: add, rename, delete, list");
        switch (verb)
        {
            case "add":
            {
                var name = CliContext.Word(line, 2, "the group name");
                var discount = ParseDiscount(line);
                line.RejectUnknownOptions();
                var created = await groups.CreateAsync(context.Merchant, name, discount, cancellationToken);
                return created.Succeeded ? context.Print(created.Value!, $"Created group {Describe(created.Value!)}") : context.Fail(created);
            }

            case "rename":
            {
                var group = await ResolveGroupAsync(context, CliContext.Word(line, 2, "the group"), cancellationToken);
                var name = CliContext.Word(line, 3, "the new name");
                line.RejectUnknownOptions();
                var renamed = await groups.RenameAsync(context.Merchant, group.Id, group.Version, name, cancellationToken);
                return renamed.Succeeded ? context.Print(renamed.Value!, $"Renamed to {Describe(renamed.Value!)}") : context.Fail(renamed);
            }

            case "delete":
            {
                var group = await ResolveGroupAsync(context, CliContext.Word(line, 2, "the group"), cancellationToken);
                line.RejectUnknownOptions();
                var deleted = await groups.DeleteAsync(context.Merchant, group.Id, group.Version, cancellationToken);
                return deleted.Succeeded
                    ? context.Print(new { deleted = group.Id, ungrouped = deleted.Value }, $"Deleted group {group.Name}; {deleted.Value} customer(s) are now ungrouped.")
                    : context.Fail(deleted);
            }

            case "list":
            {
                line.RejectUnknownOptions();
                var list = await groups.ListAsync(context.Merchant, cancellationToken);
                if (!list.Succeeded)
                {
                    return context.Fail(list);
                }

                var rows = list.Value!.Select(g => new { g.Group.Id, g.Group.Name, discount = g.Group.Discount?.ToString(), members = g.MemberCount }).ToList();
                if (rows.Count > 0 && context.Terminal is { } terminal)
                {
                    terminal.Table(
                        ["Group", "Discount", "Members", "Id"],
                        list.Value!.Select(g => new[] { g.Group.Name, g.Group.Discount is { } d ? MoneyText.Describe(d) : "-", g.MemberCount.ToString(CultureInfo.InvariantCulture), g.Group.Id.ToString() }));
                    return 0;
                }

                return context.Print(rows, rows.Count == 0 ? "No groups." : string.Join(Environment.NewLine, list.Value!.Select(g => $"{Describe(g.Group)} · {g.MemberCount} member(s)")));
            }

            default:
                throw new UsageException($"Unknown groups command '{verb}'.");
        }
    }

    /// <summary><c>customers set-group CUSTOMER GROUP|--none</c>.</summary>
    public static async Task<int> SetGroupAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var customer = await context.ResolveCustomerAsync(CliContext.Word(line, 2, "the customer"), cancellationToken);
        var none = line.Switch("--none");
        var groupText = none ? null : CliContext.Word(line, 3, "the group (or --none)");
        var group = groupText is null ? null : await ResolveGroupAsync(context, groupText, cancellationToken);
        line.RejectUnknownOptions();
        var groups = context.Get<CustomerGroupService>();
        var result = group is null
            ? await groups.UnassignCustomerAsync(context.Merchant, customer.Id, customer.Version, cancellationToken)
            : await groups.AssignCustomerAsync(context.Merchant, customer.Id, customer.Version, group.Id, cancellationToken);
        return result.Succeeded
            ? context.Print(CustomerView.From(result.Value!), group is null ? $"{customer.Name} is no longer in a group." : $"{customer.Name} is now in {group.Name}.")
            : context.Fail(result);
    }

    /// <summary><c>customers set-discount CUSTOMER (10% | 5.00 [--currency EUR] | --none)</c>.</summary>
    public static async Task<int> SetDiscountAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var customer = await context.ResolveCustomerAsync(CliContext.Word(line, 2, "the customer"), cancellationToken);
        var none = line.Switch("--none");
        var discount = none ? null : Parse(CliContext.Word(line, 3, "the discount (10% or an amount, or --none)"), line.Option("--currency") ?? "USD");
        line.RejectUnknownOptions();
        var result = await context.Get<DiscountService>().SetPersonalDiscountAsync(context.Merchant, customer.Id, customer.Version, discount, cancellationToken);
        return result.Succeeded
            ? context.Print(new { customer = CustomerView.From(result.Value!), discount = discount?.ToString() }, discount is null ? $"{customer.Name} has no personal discount." : $"{customer.Name} gets {MoneyText.Describe(discount)} off.")
            : context.Fail(result);
    }

    private static Discount? ParseDiscount(CommandLine line) =>
        line.Option("--discount") is { } text ? Parse(text, line.Option("--currency") ?? "USD") : null;

    // "10%" is a percentage (up to the four places the library keeps), anything else an amount of --currency.
    private static Discount Parse(string text, string currency) =>
        text.EndsWith('%')
            ? Discount.PercentOff(CliContext.Accept(MoneyParser.ParseAmount(text[..^1], DiscountPercentageDecimals, "discount")))
            : Discount.FixedAmount(CliContext.Accept(MoneyParser.Parse(text, currency, "discount", currencyField: "--currency")));

    private const int DiscountPercentageDecimals = 4;

    private static async Task<CustomerGroup> ResolveGroupAsync(CliContext context, string text, CancellationToken cancellationToken)
    {
        var list = await context.Get<CustomerGroupService>().ListAsync(context.Merchant, cancellationToken);
        var normalized = CustomerGroupService.NormalizeName(text);
        return list.Value?.Select(g => g.Group).FirstOrDefault(g => g.Id.ToString() == text || g.NormalizedName == normalized)
            ?? throw new UsageException($"No group '{text}'.");
    }

    /// <summary>The group a customer is in, or null when it is gone.</summary>
    public static async Task<CustomerGroup?> FindGroupAsync(CliContext context, Guid groupId, CancellationToken cancellationToken)
    {
        var group = await context.Get<CustomerGroupService>().GetAsync(context.Merchant, groupId, cancellationToken);
        return group.Succeeded ? group.Value : null;
    }

    /// <summary>A group for a person: its name, its discount, and (for commands that may need it next) its id.</summary>
    public static string Describe(CustomerGroup group, bool withId = true) =>
        (group.Discount is null ? group.Name : $"{group.Name} ({MoneyText.Describe(group.Discount)} off)") + (withId ? $" [{group.Id}]" : string.Empty);
}
