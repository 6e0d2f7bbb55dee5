namespace CustomerCore.Loyalty;

/// <summary>How spend turns into points.</summary>
public enum LoyaltyEarnMode
{
    /// <summary><see cref="LoyaltyProgram.Rate"/> points per unit of currency spent (1 = a point per euro).</summary>
    PointsPerCurrencyUnit = 0,
    /// <summary><see cref="LoyaltyProgram.Rate"/> percent of the amount spent, as points (5 = 5 points per 100 spent).</summary>
    PercentOfSpend = 1,
}

/// <summary>How fractional points are rounded to whole points.</summary>
public enum LoyaltyRounding
{
    /// <summary>Towards zero (the default): 9.99 spent at 1 point per unit earns 9 points.</summary>
    Down = 0,
    /// <summary>To the nearest whole point, halves up.</summary>
    Nearest = 1,
    /// <summary>Away from zero.</summary>
    Up = 2,
}

/// <summary>A merchant's loyalty programme. Off unless the merchant turns it on.</summary>
public sealed record LoyaltyProgram
{
    /// <summary>Whether completed tickets earn points.</summary>
    public bool Enabled { get; init; }

    /// <summary>How <see cref="Rate"/> is read.</summary>
    public LoyaltyEarnMode Mode { get; init; } = LoyaltyEarnMode.PointsPerCurrencyUnit;

    /// <summary>Points per currency unit, or percent of spend; not negative.</summary>
    public decimal Rate { get; init; } = 1m;

    /// <summary>How fractional points round.</summary>
    public LoyaltyRounding Rounding { get; init; } = LoyaltyRounding.Down;

    /// <summary>The points an amount spent earns under this programme (zero when it is off).</summary>
    /// <exception cref="OverflowException">The rate times the amount is beyond <see cref="decimal"/>; services use a check
    /// that reports this as <see cref="CustomerErrorCodes.AmountTooLarge"/> instead.</exception>
    public decimal PointsFor(decimal spent) =>
        TryPointsFor(spent, out var points) ? points : throw new OverflowException("The points for this amount are beyond what a decimal holds.");

    /// <summary>The points an amount spent earns, or false when rate times amount would overflow <see cref="decimal"/>.</summary>
    internal bool TryPointsFor(decimal spent, out decimal points)
    {
        points = 0m;
        if (!Enabled || spent <= 0m || Rate <= 0m)
        {
            return true;
        }

        // Both factors are positive here; the product can only overflow when the spend is above 1, and then exactly when
        // the rate is above the maximum over the spend (a quotient that itself cannot overflow).
        if (spent > 1m && Rate > decimal.MaxValue / spent)
        {
            return false;
        }

        var raw = Mode == LoyaltyEarnMode.PercentOfSpend ? spent * Rate / 100m : spent * Rate;
        points = Rounding switch
        {
            LoyaltyRounding.Nearest => Math.Round(raw, 0, MidpointRounding.AwayFromZero),
            LoyaltyRounding.Up => Math.Ceiling(raw),
            _ => Math.Floor(raw),
        };
        return true;
    }
}
