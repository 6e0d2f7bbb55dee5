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
    public decimal PointsFor(decimal spent)
    {
        if (!Enabled || spent <= 0m || Rate <= 0m)
        {
            return 0m;
        }

        var raw = Mode == LoyaltyEarnMode.PercentOfSpend ? spent * Rate / 100m : spent * Rate;
        return Rounding switch
        {
            LoyaltyRounding.Nearest => Math.Round(raw, 0, MidpointRounding.AwayFromZero),
            LoyaltyRounding.Up => Math.Ceiling(raw),
            _ => Math.Floor(raw),
        };
    }
}
