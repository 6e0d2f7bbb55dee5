namespace CustomerCore.Tickets;

/// <summary>
/// One line of a ticket as the POS reports it: what was sold, how much of it, at what price, and how much of it has
/// come back so far. Part of a <see cref="TicketReport"/>.
/// </summary>
public sealed record TicketLineReport
{
    /// <summary>The POS's item id or SKU (1–64 characters); items are counted by it.</summary>
    public required string Sku { get; init; }
    /// <summary>What the receipt calls the item (1–200 characters).</summary>
    public required string Description { get; init; }
    /// <summary>The item's category, if the POS has one (up to 100 characters).</summary>
    public string? Category { get; init; }
    /// <summary>How much was sold: greater than zero, at most three decimal places (weighed goods).</summary>
    public required decimal Quantity { get; init; }
    /// <summary>The price of one unit (not negative, fits the currency's minor unit).</summary>
    public required decimal UnitPrice { get; init; }
    /// <summary>What the line cost after line discounts; when null, quantity × unit price rounded to the currency's minor unit.</summary>
    public decimal? LineTotal { get; init; }
    /// <summary>How much of <see cref="Quantity"/> has been returned so far (cumulative), 0 to <see cref="Quantity"/>.</summary>
    public decimal ReturnedQuantity { get; init; }
}

/// <summary>A stored ticket line: the reported line with its position on the ticket and its total resolved.</summary>
public sealed record TicketLine
{
    /// <summary>The line's position on the ticket, from 1.</summary>
    public int LineNumber { get; init; }
    /// <summary>The POS's item id or SKU.</summary>
    public string Sku { get; init; } = string.Empty;
    /// <summary>What the receipt calls the item.</summary>
    public string Description { get; init; } = string.Empty;
    /// <summary>The item's category, if any.</summary>
    public string? Category { get; init; }
    /// <summary>How much was sold.</summary>
    public decimal Quantity { get; init; }
    /// <summary>The price of one unit.</summary>
    public decimal UnitPrice { get; init; }
    /// <summary>What the line cost.</summary>
    public decimal LineTotal { get; init; }
    /// <summary>How much has been returned so far.</summary>
    public decimal ReturnedQuantity { get; init; }

    /// <summary>What the customer kept: <see cref="Quantity"/> less <see cref="ReturnedQuantity"/>.</summary>
    public decimal KeptQuantity => Quantity - ReturnedQuantity;

    /// <summary>
    /// What the customer paid for what they kept: the line total less the returned share of it, the share rounded to
    /// the currency's minor unit.
    /// </summary>
    public decimal KeptAmount(string currency) =>
        ReturnedQuantity == 0m ? LineTotal : LineTotal - Math.Round(LineTotal * ReturnedQuantity / Quantity, CurrencyMinorUnits.For(currency), MidpointRounding.AwayFromZero);
}

/// <summary>How a purchase profile ranks what a customer bought.</summary>
public enum PurchaseRanking
{
    /// <summary>By the number of visits the item was bought on, then by quantity.</summary>
    TimesBought = 0,
    /// <summary>By the quantity kept, then by the number of visits.</summary>
    Quantity = 1,
}

/// <summary>Which part of a customer's purchases to rank, and how.</summary>
public sealed record PurchaseProfileQuery
{
    /// <summary>How many entries to return (1–100).</summary>
    public int Take { get; init; } = 10;
    /// <summary>The order of the list.</summary>
    public PurchaseRanking RankBy { get; init; } = PurchaseRanking.TimesBought;
    /// <summary>Only tickets paid at or after this time; null for all time.</summary>
    public DateTimeOffset? Since { get; init; }
}

/// <summary>An item a customer buys, over the tickets a profile query covers.</summary>
/// <param name="Sku">The POS's item id.</param>
/// <param name="Description">The description on the latest ticket it was bought on.</param>
/// <param name="Category">The category on that ticket, if any.</param>
/// <param name="TimesBought">Paid tickets it was bought on and not wholly returned.</param>
/// <param name="Quantity">Quantity bought less quantity returned.</param>
/// <param name="Spent">What was paid for what was kept, per currency.</param>
/// <param name="LastBought">When the latest of those tickets was paid.</param>
public sealed record PurchasedItem(
    string Sku, string Description, string? Category, int TimesBought, decimal Quantity, IReadOnlyDictionary<string, decimal> Spent, DateTimeOffset LastBought);

/// <summary>A category a customer buys from, over the tickets a profile query covers.</summary>
/// <param name="Category">The category.</param>
/// <param name="TimesBought">Paid tickets with something kept from it.</param>
/// <param name="Quantity">Quantity kept.</param>
/// <param name="Spent">What was paid for it, per currency.</param>
/// <param name="LastBought">When the latest of those tickets was paid.</param>
public sealed record PurchasedCategory(
    string Category, int TimesBought, decimal Quantity, IReadOnlyDictionary<string, decimal> Spent, DateTimeOffset LastBought);
