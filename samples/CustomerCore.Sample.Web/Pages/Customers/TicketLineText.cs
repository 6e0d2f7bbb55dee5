using CustomerCore.Tickets;

namespace CustomerCore.Sample.Web.Pages.Customers;

/// <summary>
/// Reads ticket lines typed one per row as <c>SKU; description; quantity; unit price</c>, the way a cashier copies
/// them from a receipt. Each bad row gets the library's own error, naming the row.
/// </summary>
public static class TicketLineText
{
    /// <summary>The lines read; <paramref name="errors"/> holds one error per row that could not be read.</summary>
    public static IReadOnlyList<TicketLineReport> Parse(string? text, CustomerErrorDescriber describer, out IReadOnlyList<CustomerError> errors)
    {
        var lines = new List<TicketLineReport>();
        var problems = new List<CustomerError>();
        var rows = (text ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < rows.Length; i++)
        {
            var field = $"Lines[{i + 1}]";
            var parts = rows[i].Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length != 4 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                problems.Add(describer.InvalidValue(field));
                continue;
            }

            var quantity = MoneyParser.ParseAmount(parts[2], 3, field + ".Quantity", describer: describer);
            var price = MoneyParser.ParseAmount(parts[3], 4, field + ".UnitPrice", describer: describer);
            if (!quantity.Succeeded || !price.Succeeded)
            {
                problems.AddRange(quantity.Errors.Concat(price.Errors));
                continue;
            }

            lines.Add(new TicketLineReport { Sku = parts[0], Description = parts[1], Quantity = quantity.Value, UnitPrice = price.Value });
        }

        errors = problems;
        return lines;
    }
}
