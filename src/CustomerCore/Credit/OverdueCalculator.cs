namespace CustomerCore.Credit;

/// <summary>Works out what is overdue on a credit line: payments settle the oldest charges first (FIFO).</summary>
internal static class OverdueCalculator
{
    public static (decimal Overdue, DateTimeOffset? OldestSince) Compute(IEnumerable<LedgerEntry> entries, int paymentTermDays, DateTimeOffset now)
    {
        var charges = new List<(DateTimeOffset PostedAt, decimal Remaining)>();
        var oldestOpen = 0;
        var unapplied = 0m;
        foreach (var entry in entries.OrderBy(e => e.Sequence))
        {
            if (entry.Amount > 0m)
            {
                // Credit left over from earlier (a negative adjustment before any charge) settles this charge first.
                var covered = Math.Min(unapplied, entry.Amount);
                unapplied -= covered;
                charges.Add((entry.PostedAt, entry.Amount - covered));
            }
            else if (entry.Amount < 0m)
            {
                var payment = -entry.Amount;
                while (payment > 0m && oldestOpen < charges.Count)
                {
                    var (postedAt, remaining) = charges[oldestOpen];
                    var settled = Math.Min(remaining, payment);
                    charges[oldestOpen] = (postedAt, remaining - settled);
                    payment -= settled;
                    if (charges[oldestOpen].Remaining == 0m)
                    {
                        oldestOpen++;
                    }
                }

                unapplied += payment;
            }
        }

        var term = TimeSpan.FromDays(paymentTermDays);
        var overdue = charges.Skip(oldestOpen).Where(c => c.Remaining > 0m && now - c.PostedAt > term).ToList();
        return (overdue.Sum(c => c.Remaining), overdue.Count > 0 ? overdue.Min(c => c.PostedAt) : null);
    }
}
