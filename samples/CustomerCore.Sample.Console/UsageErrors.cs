using System.CommandLine;

namespace CustomerCore.Sample.Console;

/// <summary>Turns what System.CommandLine could not parse into the CLI's one-line usage error and its help hint.</summary>
internal static class UsageErrors
{
    /// <summary>The first problem, in one line, with the commands or options that were probably meant.</summary>
    public static string Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (parsed.UnmatchedTokens.FirstOrDefault() is { } unmatched)
        {
            var meant = CommandTree.Suggestions(command, unmatched);
            var what = unmatched.StartsWith('-') ? "option" : command.Subcommands.Count > 0 && command.Arguments.Count == 0 ? "command" : "argument";
            var message = $"Unknown {what} '{unmatched}'" + (command is RootCommand ? "." : $" for '{Path(command)}'.");
            return meant.Count == 0 ? message : $"{message} Did you mean {string.Join(" or ", meant.Select(m => $"'{m}'"))}?";
        }

        if (command.Action is null && command.Subcommands.Count > 0)
        {
            return $"'{Path(command)}' needs a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}.";
        }

        return parsed.Errors.Count == 0 ? "The command line could not be read." : parsed.Errors[0].Message;
    }

    /// <summary>Where to read on: the help of the command parsed so far (<c>customercore customers find --help</c>).</summary>
    public static string HelpHint(ParseResult parsed) =>
        parsed.CommandResult.Command is RootCommand
            ? "Run 'customercore --help' for the commands."
            : $"Run 'customercore {Path(parsed.CommandResult.Command)} --help' for its arguments and options.";

    private static string Path(Command command)
    {
        var names = new List<string>();
        for (var current = command; current is not null and not RootCommand; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, current.Name);
        }

        return string.Join(' ', names);
    }
}
