using System.Globalization;
using CustomerCore.Customers;
using CustomerCore.Privacy;

namespace CustomerCore.Tickets;

public sealed partial class TicketLinkService
{
    /// <summary>The most lines one ticket may carry.</summary>
    public const int MaxLinesPerTicket = 500;
    /// <summary>The longest item id (SKU) accepted.</summary>
    public const int SkuMaxLength = 64;
    /// <summary>The longest line description accepted.</summary>
    public const int LineDescriptionMaxLength = 200;
    /// <summary>The longest category accepted.</summary>
    public const int CategoryMaxLength = 100;
    /// <summary>The largest quantity one line may sell.</summary>
    public const decimal MaxLineQuantity = 1_000_000m;
    /// <summary>Decimal places a quantity may have (grams of a kilogram, millilitres of a litre).</summary>
    public const int QuantityDecimals = 3;

    private static int LineCountOf(TicketReport report) =>
        report.Lines is { Count: > 0 } lines && report.LineCount == 0 ? lines.Count : report.LineCount;

    private static List<TicketLine> ResolveLines(TicketReport report)
    {
        if (report.Lines is not { Count: > 0 } lines)
        {
            return [];
        }

        var minorUnits = CurrencyMinorUnits.For(report.Currency.Trim());
        return [.. lines.Select((line, index) => new TicketLine
        {
            LineNumber = index + 1,
            Sku = line.Sku.Trim(),
            Description = line.Description.Trim(),
            Category = string.IsNullOrWhiteSpace(line.Category) ? null : line.Category.Trim(),
            Quantity = line.Quantity,
            UnitPrice = line.UnitPrice,
            LineTotal = line.LineTotal ?? Math.Round(line.Quantity * line.UnitPrice, minorUnits, MidpointRounding.AwayFromZero),
            ReturnedQuantity = line.ReturnedQuantity,
        })];
    }

    private void ValidateLines(TicketReport report, string? acceptedCurrency, List<CustomerError> errors)
    {
        if (report.Lines is not { Count: > 0 } lines)
        {
            return;
        }

        if (lines.Count > MaxLinesPerTicket)
        {
            errors.Add(_describer.TooManyEntries(nameof(TicketReport.Lines), MaxLinesPerTicket));
            return;
        }

        if (report.LineCount != 0 && report.LineCount != lines.Count)
        {
            errors.Add(_describer.LineCountMismatch(nameof(TicketReport.LineCount), lines.Count));
        }

        var refundable = report.Status is TicketStatus.PartiallyRefunded or TicketStatus.Refunded;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"{nameof(TicketReport.Lines)}[{i + 1}].");
            if (line is null)
            {
                errors.Add(_describer.Required(at.TrimEnd('.')));
                continue;
            }

            CheckLineText(line.Sku, at + nameof(TicketLineReport.Sku), SkuMaxLength, required: true, errors);
            CheckLineText(line.Description, at + nameof(TicketLineReport.Description), LineDescriptionMaxLength, required: true, errors);
            CheckLineText(line.Category, at + nameof(TicketLineReport.Category), CategoryMaxLength, required: false, errors);
            var quantityField = at + nameof(TicketLineReport.Quantity);
            var quantityValid = line.Quantity > 0m && line.Quantity <= MaxLineQuantity && Math.Round(line.Quantity, QuantityDecimals) == line.Quantity;
            if (!quantityValid)
            {
                errors.Add(_describer.InvalidQuantity(quantityField, MaxLineQuantity, QuantityDecimals));
            }

            var returnedField = at + nameof(TicketLineReport.ReturnedQuantity);
            if (line.ReturnedQuantity < 0m || Math.Round(line.ReturnedQuantity, QuantityDecimals) != line.ReturnedQuantity)
            {
                errors.Add(_describer.InvalidQuantity(returnedField, MaxLineQuantity, QuantityDecimals));
            }
            else if (quantityValid && line.ReturnedQuantity > line.Quantity)
            {
                errors.Add(_describer.ReturnExceedsQuantity(returnedField, i + 1, line.ReturnedQuantity, line.Quantity));
            }
            else if (!refundable && line.ReturnedQuantity != 0m)
            {
                errors.Add(_describer.RefundOnUnrefundedTicket(returnedField));
            }

            if (acceptedCurrency is null)
            {
                continue;
            }

            if (_money.AmountError(line.UnitPrice, acceptedCurrency, at + nameof(TicketLineReport.UnitPrice), mustBePositive: false, _money.MaxPostingAmount) is { } priceError)
            {
                errors.Add(priceError);
            }
            else if (line.LineTotal is { } total)
            {
                if (_money.AmountError(total, acceptedCurrency, at + nameof(TicketLineReport.LineTotal), mustBePositive: false, _money.MaxPostingAmount) is { } totalError)
                {
                    errors.Add(totalError);
                }
            }
            else if (quantityValid && line.Quantity * line.UnitPrice > _money.MaxPostingAmount)
            {
                errors.Add(_describer.AmountTooLarge(at + nameof(TicketLineReport.LineTotal), _money.MaxPostingAmount));
            }
        }
    }

    private void CheckLineText(string? text, string field, int maxLength, bool required, List<CustomerError> errors)
    {
        var trimmed = text?.Trim();
        if (TextHygiene.Check(text, field, TextLayout.SingleLine, _describer) is { } controlCharacter)
        {
            errors.Add(controlCharacter);
        }
        else if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                errors.Add(_describer.Required(field));
            }
        }
        else if (trimmed.Length > maxLength)
        {
            errors.Add(_describer.TooLong(field, maxLength));
        }
        else if (PaymentCardDetector.ContainsCardNumber(trimmed))
        {
            errors.Add(_describer.CardNumberDetected(field));
        }
    }

    /// <summary>
    /// Once a ticket is paid its lines are what was sold: a report may add lines to a paid ticket that had none, and may
    /// return more of a line, but may not change what was sold or take a return back.
    /// </summary>
    private CustomerError? LinesTransitionError(TicketLink existing, TicketReport report)
    {
        var paid = existing.Status is not (TicketStatus.Open or TicketStatus.Voided);
        if (!paid || existing.Lines.Count == 0 || report.Lines is not { Count: > 0 })
        {
            return null;
        }

        var reported = ResolveLines(report);
        var same = reported.Count == existing.Lines.Count && reported.Zip(existing.Lines).All(pair =>
            pair.First with { ReturnedQuantity = 0m } == pair.Second with { ReturnedQuantity = 0m }
            && pair.First.ReturnedQuantity >= pair.Second.ReturnedQuantity);
        return same ? null : _describer.InvalidTicketTransition(existing.Status.ToString(), report.Status.ToString());
    }
}
