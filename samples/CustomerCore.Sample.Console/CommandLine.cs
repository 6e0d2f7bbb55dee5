namespace CustomerCore.Sample.Console;

/// <summary>A deliberately small argument parser: positional words, <c>--name value</c> options and <c>--flag</c> switches.</summary>
internal sealed class CommandLine
{
    private static readonly HashSet<string> Switches = ["--json", "--force", "--dry-run", "--skip-bad-rows", "--preview", "--help", "--none", "--move", "--windows-1252", "--create-duplicates", "--remove"];

    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _repeated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLine(List<string> words)
    {
        Words = words;
    }

    public List<string> Words { get; }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var line = new CommandLine([]);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                line.Words.Add(arg);
                continue;
            }

            var eq = arg.IndexOf('=');
            if (eq > 0)
            {
                line.AddOption(arg[..eq], arg[(eq + 1)..]);
            }
            else if (Switches.Contains(arg))
            {
                line._switches.Add(arg);
            }
            else if (i + 1 < args.Count)
            {
                line.AddOption(arg, args[++i]);
            }
            else
            {
                throw new UsageException($"Option {arg} needs a value.");
            }
        }

        return line;
    }

    /// <summary>Every value of an option that may be given more than once (<c>--line</c>), in order.</summary>
    public IReadOnlyList<string> Options(string name)
    {
        _read.Add(name);
        return _repeated.GetValueOrDefault(name) ?? [];
    }

    /// <summary>The value of an option given once; the last one when repeated.</summary>
    public string? Option(string name)
    {
        _read.Add(name);
        return _options.GetValueOrDefault(name);
    }

    /// <summary>Reads a whole-number option; a value that is not one is a usage error, never silently replaced.</summary>
    public int IntOption(string name, int defaultValue, int min, int max)
    {
        var text = Option(name);
        if (text is null)
        {
            return defaultValue;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} must be a whole number from {min} to {max}.");
    }

    /// <summary>Reads a whole-number option that may exceed an <see cref="int"/> (a feed sequence); same rules as <see cref="IntOption"/>.</summary>
    public long LongOption(string name, long defaultValue, long min, long max)
    {
        var text = Option(name);
        if (text is null)
        {
            return defaultValue;
        }

        return long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException(max == long.MaxValue ? $"{name} must be a whole number of {min} or more." : $"{name} must be a whole number from {min} to {max}.");
    }

    public bool Switch(string name)
    {
        _read.Add(name);
        return _switches.Contains(name);
    }

    private void AddOption(string name, string value)
    {
        _options[name] = value;
        if (!_repeated.TryGetValue(name, out var values))
        {
            _repeated[name] = values = [];
        }

        values.Add(value);
    }

    /// <summary>Fails on options nobody asked for, so a typo is an error rather than silently ignored.</summary>
    public void RejectUnknownOptions()
    {
        var unknown = _options.Keys.Concat(_switches).Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option(s): {string.Join(", ", unknown)}");
        }
    }
}

/// <summary>The command line was wrong; exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The command was understood but refused (for example the customer it names does not exist); exit code 1.</summary>
internal sealed class RejectedException(string message) : Exception(message);

/// <summary>A value on the command line failed the library's own input rules (an amount, a currency); exit code 1.</summary>
internal sealed class InputRejectedException(IReadOnlyList<CustomerError> errors) : Exception(string.Join(" ", errors.Select(e => e.Description)))
{
    public IReadOnlyList<CustomerError> Errors { get; } = errors;
}
