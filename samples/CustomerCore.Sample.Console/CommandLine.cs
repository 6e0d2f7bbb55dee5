using System.CommandLine;
using System.CommandLine.Parsing;

namespace CustomerCore.Sample.Console;

/// <summary>
/// What System.CommandLine parsed, as the commands read it: the command path and its arguments as positional words, and
/// the options given. It also remembers which options a command read, so an option that does not apply to what the
/// command was asked to do (<c>customers merge --undo ID --preview</c>) is an error rather than silently ignored.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _repeated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLine(List<string> words)
    {
        Words = words;
    }

    public List<string> Words { get; }

    /// <summary>The command path (without the root), then the command's arguments in order, then the options given.</summary>
    public static CommandLine From(ParseResult parsed)
    {
        var path = new List<CommandResult>();
        for (var result = parsed.CommandResult; result.Command is not RootCommand; result = (CommandResult)result.Parent!)
        {
            path.Insert(0, result);
        }

        var line = new CommandLine([.. path.Select(r => r.Command.Name)]);
        foreach (var argument in parsed.CommandResult.Command.Arguments)
        {
            line.Words.AddRange(parsed.GetResult(argument)?.Tokens.Select(t => t.Value) ?? []);
        }

        // A global option may stand before the command, between its words or after them: each part of the path holds its own.
        foreach (var option in path.Prepend(parsed.RootCommandResult).SelectMany(r => r.Children).OfType<OptionResult>())
        {
            // A flag that was not typed still has a result (its default, false); only typed options count.
            if (option.Implicit)
            {
                continue;
            }

            if (option.Option.Arity.MaximumNumberOfValues == 0)
            {
                line._switches.Add(option.Option.Name);
                continue;
            }

            foreach (var token in option.Tokens)
            {
                line.AddOption(option.Option.Name, token.Value);
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
