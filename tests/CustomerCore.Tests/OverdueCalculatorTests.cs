using CustomerCore.Credit;

namespace CustomerCore.Tests;

public sealed class OverdueCalculatorTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private long _sequence;

    private LedgerEntry Entry(int day, decimal amount) => new() { Sequence = ++_sequence, Amount = amount, PostedAt = Day0.AddDays(day) };

    [Fact]
    public void PaymentsSettleTheOldestChargeFirst()
    {
        var entries = new[] { Entry(0, 100m), Entry(10, 50m), Entry(12, -120m) };

        var (overdue, oldest) = OverdueCalculator.Compute(entries, 30, Day0.AddDays(45));

        Assert.Equal(30m, overdue);
        Assert.Equal(Day0.AddDays(10), oldest);
    }

    [Fact]
    public void ChargeExactlyAtItsTerm_IsNotYetOverdue()
    {
        var entries = new[] { Entry(0, 100m) };

        Assert.Equal(0m, OverdueCalculator.Compute(entries, 30, Day0.AddDays(30)).Overdue);
        Assert.Equal(100m, OverdueCalculator.Compute(entries, 30, Day0.AddDays(30).AddSeconds(1)).Overdue);
    }

    [Fact]
    public void CreditBeforeAnyCharge_SettlesTheNextCharge()
    {
        var entries = new[] { Entry(0, -20m), Entry(1, 50m), Entry(2, 10m) };

        var (overdue, oldest) = OverdueCalculator.Compute(entries, 0, Day0.AddDays(3));

        Assert.Equal(40m, overdue);
        Assert.Equal(Day0.AddDays(1), oldest);
    }

    [Fact]
    public void FullyPaid_NothingIsOverdue()
    {
        var entries = new[] { Entry(0, 100m), Entry(1, 50m), Entry(2, -150m) };

        var (overdue, oldest) = OverdueCalculator.Compute(entries, 7, Day0.AddDays(90));

        Assert.Equal(0m, overdue);
        Assert.Null(oldest);
    }
}
