using System.Globalization;
using CustomerCore.Tickets;

namespace CustomerCore.Sample.Console;

/// <summary>
/// Reads <c>--line "SKU:description:quantity:unit price"</c> and <c>--return "SKU:quantity"</c>. The SKU is everything
/// before the first ':' and the quantity and price are the last two fields, so a description may itself contain ':'
/// (<c>"TEA:Tea: green, 250 g:1:4.50"</c>); a SKU cannot.
/// </summary>
internal static class TicketLineArguments
{
    public static List<TicketLineReport> Lines(CommandLine line, string currency)
    {
        var lines = new List<TicketLineReport>();
        foreach (var text in line.Options("--line"))
        {
            var first = text.IndexOf(':', StringComparison.Ordinal);
            var last = text.LastIndexOf(':');
            var beforeLast = last <= 0 ? -1 : text.LastIndexOf(':', last - 1);
            if (first <= 0 || beforeLast <= first)
            {
                throw new UsageException($"--line \"{text}\" must be SKU:description:quantity:unit price, for example \"MILK:Milk 1 l:2:1.15\".");
            }

            lines.Add(new TicketLineReport
            {
                Sku = text[..first],
                Description = text[(first + 1)..beforeLast],
                Quantity = Quantity(text[(beforeLast + 1)..last], "--line quantity"),
                UnitPrice = CliContext.Accept(MoneyParser.Parse(text[(last + 1)..], currency, "--line unit price", currencyField: "--currency")).Amount,
            });
        }

        return lines;
    }

    /// <summary>
    /// The ticket's lines with <c>--return SKU:quantity</c> added to what each line has returned so far (the first line of
    /// that SKU with quantity left, then the next); null when no <c>--return</c> was given.
    /// </summary>
    public static List<TicketLineReport>? Returns(CommandLine line, TicketLink ticket)
    {
        var returns = line.Options("--return");
        if (returns.Count == 0)
        {
            return null;
        }

        var lines = ticket.Lines.Select(l => new TicketLineReport
        {
            Sku = l.Sku,
            Description = l.Description,
            Category = l.Category,
            Quantity = l.Quantity,
            UnitPrice = l.UnitPrice,
            LineTotal = l.LineTotal,
            ReturnedQuantity = l.ReturnedQuantity,
        }).ToList();
        foreach (var text in returns)
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0)
            {
                throw new UsageException($"--return \"{text}\" must be SKU:quantity, for example \"MILK:1\".");
            }

            var sku = text[..colon];
            var left = Quantity(text[(colon + 1)..], "--return quantity");
            var matching = lines.Select((l, i) => (Line: l, Index: i)).Where(x => x.Line.Sku == sku).ToList();
            if (matching.Count == 0)
            {
                throw new UsageException($"--return: ticket {ticket.TicketReference} has no line with SKU '{sku}'.");
            }

            foreach (var (l, index) in matching)
            {
                var take = Math.Min(left, l.Quantity - l.ReturnedQuantity);
                lines[index] = l with { ReturnedQuantity = l.ReturnedQuantity + take };
                left -= take;
            }

            if (left > 0)
            {
                // More than was bought: hand it to the library, which refuses it with its own error on the last line.
                var index = matching[^1].Index;
                lines[index] = lines[index] with { ReturnedQuantity = lines[index].ReturnedQuantity + left };
            }
        }

        return lines;
    }

    private static decimal Quantity(string text, string field) =>
        CliContext.Accept(MoneyParser.ParseAmount(text.Trim(), TicketLinkService.QuantityDecimals, field));
}
