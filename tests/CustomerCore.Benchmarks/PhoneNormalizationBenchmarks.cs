using BenchmarkDotNet.Attributes;
using CustomerCore.Phones;
using PhoneNumbers;

namespace CustomerCore.Benchmarks;

/// <summary>
/// Phone normalization against the bare libphonenumber parse-validate-format it wraps (the baseline).
/// Target (docs/performance.md): at most 2 µs and 1 KB allocated per number, warm.
/// </summary>
[MemoryDiagnoser]
public class PhoneNormalizationBenchmarks
{
    private static readonly string[] Typed =
    [
        "07911 123456", "+44 20 7946 0958", "(415) 555-2671", "030 1234567", "612 34 56 78", "12-34",
    ];

    private readonly PhoneNormalizer _normalizer = new();
    private readonly PhoneNumberUtil _util = PhoneNumberUtil.GetInstance();

    [GlobalSetup]
    public void Warm() => PhoneNormalizer.Warm();

    [Benchmark(Baseline = true, OperationsPerInvoke = 6)]
    public int LibPhoneNumberParseAndFormat()
    {
        var length = 0;
        foreach (var text in Typed)
        {
            try
            {
                var number = _util.Parse(text, "GB");
                if (_util.IsValidNumber(number))
                {
                    length += _util.Format(number, PhoneNumberFormat.E164).Length;
                }
            }
            catch (NumberParseException)
            {
            }
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = 6)]
    public int CustomerCoreNormalize()
    {
        var length = 0;
        foreach (var text in Typed)
        {
            length += _normalizer.Normalize(text, "GB")!.DigitsReversed.Length;
        }

        return length;
    }
}
