using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CustomerCore.Importing;

namespace CustomerCore.Tests;

/// <summary>
/// Renders every error the describer can produce in every language it speaks. A message that falls back to English,
/// keeps a placeholder, or has an English fragment glued into a Spanish or German sentence fails here, and so does a
/// describer method added later without its translations.
/// </summary>
public sealed partial class ErrorMessageLanguageTests
{
    private static readonly CustomerErrorDescriber Describer = new();

    private static readonly string[] Translations = ["es-ES", "de-DE"];

    /// <summary>Enums whose values are data rather than a choice of message; an undefined one is a caller bug there.</summary>
    private static readonly Type[] DataEnums = [typeof(CustomerImportField)];

    /// <summary>String parameters that carry data (field names, headers, codes, ids, user input) rather than words.
    /// Any other string parameter is fed English prose, so a method that pastes text into a template fails.</summary>
    private static readonly string[] DataParameters =
        ["field", "startField", "header", "expectedHeader", "permission", "name", "currency", "expectedCurrency", "actualCurrency",
         "from", "to", "otherCustomer", "detail", "value", "anyOf", "acceptedHeaders", "separator"];

    private const string EnglishProse = "the value must not be zero";

    public static TheoryData<string> Methods() => [.. RenderedMethods().Select(Signature)];

    [Fact]
    public void TheDescriberIsFoundByReflection() =>
        Assert.True(RenderedMethods().Count() > 40, "The reflection over CustomerErrorDescriber found almost no methods.");

    [Fact]
    public void EveryTextParameter_CarriesData()
    {
        var prose = RenderedMethods()
            .SelectMany(m => m.GetParameters().Select(p => (Method: m, Parameter: p)))
            .Where(x => (x.Parameter.ParameterType == typeof(string) || x.Parameter.ParameterType == typeof(IEnumerable<string>))
                && !DataParameters.Contains(x.Parameter.Name))
            .Select(x => $"{Signature(x.Method)}: '{x.Parameter.Name}'")
            .ToList();

        Assert.True(prose.Count == 0,
            "Text parameters that may carry words into a translated sentence; give the choice an enum or a method of its own "
            + "(or, if the text is a name or an id, add the parameter to DataParameters):" + Environment.NewLine + string.Join(Environment.NewLine, prose));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryMessage_IsAWholeSentenceInEachLanguage(string signature)
    {
        var method = RenderedMethods().Single(m => Signature(m) == signature);
        var failures = new List<string>();

        foreach (var arguments in Arguments(method))
        {
            var call = $"{method.Name}({string.Join(", ", arguments.Select(a => a?.ToString() ?? "null"))})";
            var english = Render("en-US", method, arguments);
            CheckSentence("en", call, english.Description, failures);

            foreach (var culture in Translations)
            {
                var translated = Render(culture, method, arguments);
                CheckSentence(culture, call, translated.Description, failures);
                if (translated.Code != english.Code || translated.Field != english.Field)
                {
                    failures.Add($"{call} [{culture}]: code or field differs from English.");
                }

                if (translated.Description == english.Description)
                {
                    failures.Add($"{call} [{culture}]: the message is the English one: {translated.Description}");
                }

                if (EnglishWord().Match(Quoted().Replace(translated.Description, "''")) is { Success: true } word)
                {
                    failures.Add($"{call} [{culture}]: English word '{word.Value}' in: {translated.Description}");
                }
            }

            var spanish = Render("es-ES", method, arguments).Description;
            if (spanish == Render("de-DE", method, arguments).Description)
            {
                failures.Add($"{call}: Spanish and German messages are the same: {spanish}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void EveryTemplate_IsTranslatedWithTheSamePlaceholders()
    {
        var tables = Tables();
        var english = tables["en"];
        var failures = new List<string>();

        foreach (var language in new[] { "es", "de" })
        {
            var table = tables[language];
            failures.AddRange(english.Keys.Except(table.Keys).Select(key => $"{language}: no template for '{key}'."));
            failures.AddRange(table.Keys.Except(english.Keys).Select(key => $"{language}: '{key}' has no English template."));
            foreach (var (key, template) in table.Where(t => english.ContainsKey(t.Key)))
            {
                var expected = Placeholders(english[key]);
                if (!expected.SetEquals(Placeholders(template)))
                {
                    failures.Add($"{language}: '{key}' uses {{{string.Join("}, {", Placeholders(template))}}} but English uses {{{string.Join("}, {", expected)}}}.");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void EveryTemplate_IsReachedByADescriberMethod()
    {
        var rendered = RenderedMethods()
            .SelectMany(method => Arguments(method).Select(arguments => Render("en-US", method, arguments).Description))
            .ToList();

        var unreached = Tables()["en"]
            .Where(t => !rendered.Any(Pattern(t.Value).IsMatch))
            .Select(t => $"'{t.Key}': {t.Value}")
            .ToList();

        Assert.True(unreached.Count == 0, "Templates no describer method produces:" + Environment.NewLine + string.Join(Environment.NewLine, unreached));
    }

    private static IEnumerable<MethodInfo> RenderedMethods() =>
        typeof(CustomerErrorDescriber)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.DeclaringType == typeof(CustomerErrorDescriber) && m.IsVirtual && m.ReturnType == typeof(CustomerError))
            .OrderBy(Signature, StringComparer.Ordinal);

    private static string Signature(MethodInfo method) =>
        $"{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";

    /// <summary>Every combination of generated values for the method's parameters: each value of an enum (and one
    /// undefined value), both values of a bool, and null as well as a value where null is allowed.</summary>
    private static IEnumerable<object?[]> Arguments(MethodInfo method)
    {
        IEnumerable<object?[]> combinations = [[]];
        var nullability = new NullabilityInfoContext();
        foreach (var (parameter, index) in method.GetParameters().Select((p, i) => (p, i)))
        {
            var choices = Values(parameter, index, nullability).ToList();
            combinations = combinations.SelectMany(prefix => choices.Select(choice => (object?[])[.. prefix, choice])).ToList();
        }

        return combinations;
    }

    private static IEnumerable<object?> Values(ParameterInfo parameter, int index, NullabilityInfoContext nullability)
    {
        if (nullability.Create(parameter).WriteState == NullabilityState.Nullable)
        {
            yield return null;
        }

        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (type.IsEnum)
        {
            foreach (var value in Enum.GetValues(type))
            {
                yield return value;
            }

            if (!DataEnums.Contains(type))
            {
                yield return Enum.ToObject(type, 9999);
            }

            yield break;
        }

        // Field names, ids and user data: letters and digits that are no word of any language.
        yield return type switch
        {
            _ when type == typeof(string) => DataParameters.Contains(parameter.Name) ? $"F{index}x" : EnglishProse,
            _ when type == typeof(int) => 7 + index,
            _ when type == typeof(long) => 70L + index,
            _ when type == typeof(decimal) => 12.5m + index,
            _ when type == typeof(bool) => true,
            _ when type == typeof(Money) => new Money(12.5m + index, "EUR"),
            _ when type == typeof(Security.CustomerPermission) => Security.CustomerPermissions.Read,
            _ when type == typeof(IEnumerable<string>) => new[] { $"F{index}x", $"F{index}y" },
            _ => throw new NotSupportedException($"Teach {nameof(ErrorMessageLanguageTests)} to make a {type} for {parameter.Member.Name}({parameter.Name})."),
        };

        if (type == typeof(bool))
        {
            yield return false;
        }
    }

    private static CustomerError Render(string culture, MethodInfo method, object?[] arguments)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return (CustomerError)method.Invoke(Describer, arguments)!;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static void CheckSentence(string culture, string call, string message, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            failures.Add($"{call} [{culture}]: no message.");
            return;
        }

        if (PlaceholderPattern().IsMatch(message))
        {
            failures.Add($"{call} [{culture}]: placeholder left in: {message}");
        }

        if (char.IsLower(message[0]) || !".!?".Contains(message.TrimEnd()[^1], StringComparison.Ordinal)
            || message.Contains(": .", StringComparison.Ordinal) || message.Contains("  ", StringComparison.Ordinal) || message.Contains(" .", StringComparison.Ordinal))
        {
            failures.Add($"{call} [{culture}]: not a whole sentence: {message}");
        }
    }

    /// <summary>The message tables are private to the describer; reading them here keeps them out of its API.</summary>
    private static Dictionary<string, Dictionary<string, string>> Tables()
    {
        var field = typeof(CustomerErrorDescriber).GetField("Templates", BindingFlags.NonPublic | BindingFlags.Static);
        Assert.NotNull(field);
        return Assert.IsType<Dictionary<string, Dictionary<string, string>>>(field.GetValue(null));
    }

    private static HashSet<string> Placeholders(string template) =>
        [.. PlaceholderPattern().Matches(template).Select(m => m.Value)];

    private static Regex Pattern(string template) =>
        new("^" + EscapedPlaceholderPattern().Replace(Regex.Escape(template), ".*") + "$", RegexOptions.Singleline);

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\\\{\d+\}")]
    private static partial Regex EscapedPlaceholderPattern();

    /// <summary>Quoted text in a message is a name (a field, a column header, a value as typed), not a word of the sentence.</summary>
    [GeneratedRegex("'[^']*'")]
    private static partial Regex Quoted();

    /// <summary>Words of the English fragments the services used to pass in, and the glue around them. None is a
    /// Spanish or German word (which is why "a", "an", "in", "no", "also", "will", "total", "ticket", "cursor", "bytes", "code", "limit" are not here).</summary>
    [GeneratedRegex(
        @"\b(the|must|not|was|were|found|customer|customers|has|have|been|changed|since|merge|already|between|and|is|are|" +
        @"cannot|can|it|its|of|with|for|than|only|expected|such|used|uses|new|entries|undone|kept|removed|account|credit|" +
        @"store|hold|line|row|record|file|column|columns|header|quote|field|value|number|zero|negative|whole|greater|less|" +
        @"more|least|unless|another|other|at|be|by|from|to|on|or|if|does|one|that|this|which|same|again|first|today|" +
        @"refunded|refund|partial|previous|page|characters|day|days|year|key|cleared|group|point|points|invalid|valid|" +
        @"currency|three|letter|progress|release|capture)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishWord();
}
