using System.Globalization;
using CustomerCore.Customers;

namespace CustomerCore.Tests;

public sealed class TextHygieneTests
{
    public static TheoryData<int> C0AndC1Controls()
    {
        var data = new TheoryData<int>();
        for (var c = 0; c <= 0x1F; c++)
        {
            data.Add(c);
        }

        for (var c = 0x7F; c <= 0x9F; c++)
        {
            data.Add(c);
        }

        return data;
    }

    public static TheoryData<int> TextDirectionControls() => [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069];

    [Theory]
    [MemberData(nameof(C0AndC1Controls))]
    public void Find_EveryC0AndC1Control_IsRefusedInASingleLineFieldAtItsPosition(int codePoint)
    {
        var finding = TextHygiene.Find("ab" + (char)codePoint + "cd", TextLayout.SingleLine);

        var expectedKind = codePoint is '\t' or '\n' or '\r' ? ControlCharacterKind.LineBreakOrTab : ControlCharacterKind.Control;
        Assert.Equal(new ControlCharacterFinding(3, codePoint, expectedKind), finding);
    }

    [Theory]
    [MemberData(nameof(C0AndC1Controls))]
    public void Find_InANote_OnlyTabLineFeedAndCarriageReturnLineFeedPass(int codePoint)
    {
        var text = "line one" + (char)codePoint + "line two";

        var finding = TextHygiene.Find(text, TextLayout.MultiLine);

        if (codePoint is '\t' or '\n')
        {
            Assert.Null(finding);
        }
        else
        {
            Assert.Equal(new ControlCharacterFinding(9, codePoint, ControlCharacterKind.Control), finding);
        }
    }

    [Fact]
    public void Find_CarriageReturn_PassesInANoteOnlyBeforeALineFeed()
    {
        Assert.Null(TextHygiene.Find("one\r\ntwo\r\nthree", TextLayout.MultiLine));
        Assert.Equal(new ControlCharacterFinding(4, '\r', ControlCharacterKind.Control), TextHygiene.Find("one\rtwo", TextLayout.MultiLine));
        Assert.Equal(new ControlCharacterFinding(4, '\r', ControlCharacterKind.LineBreakOrTab), TextHygiene.Find("one\r\ntwo", TextLayout.SingleLine));
    }

    [Theory]
    [InlineData(0x2028)]
    [InlineData(0x2029)]
    public void Find_UnicodeLineSeparators_AreLineBreaks(int codePoint)
    {
        var text = "one" + (char)codePoint + "two";

        Assert.Equal(new ControlCharacterFinding(4, codePoint, ControlCharacterKind.LineBreakOrTab), TextHygiene.Find(text, TextLayout.SingleLine));
        Assert.Null(TextHygiene.Find(text, TextLayout.MultiLine));
    }

    [Theory]
    [MemberData(nameof(TextDirectionControls))]
    public void Find_TextDirectionOverridesAndIsolates_AreRefusedInEveryField(int codePoint)
    {
        var text = "invoice" + (char)codePoint + "fdp.exe";

        Assert.Equal(new ControlCharacterFinding(8, codePoint, ControlCharacterKind.TextDirection), TextHygiene.Find(text, TextLayout.SingleLine));
        Assert.Equal(new ControlCharacterFinding(8, codePoint, ControlCharacterKind.TextDirection), TextHygiene.Find(text, TextLayout.MultiLine));
    }

    [Theory]
    [InlineData("Zoë Ó Briain")]
    [InlineData("Søren Kierkegaard")]
    [InlineData("山田 太郎")]
    [InlineData("محمد عبد الله")]
    [InlineData("שלום עליכם")]
    [InlineData("Party 🎉 planner")]
    [InlineData("Family 👩‍👩‍👧 account")]
    [InlineData("می‌خواهم")]
    [InlineData("Left\u200Emark and right\u200Fmark")]
    [InlineData("No\u00A0break")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_OrdinaryText_InAnyScript_Passes(string? text)
    {
        Assert.Null(TextHygiene.Find(text, TextLayout.SingleLine));
        Assert.Null(TextHygiene.Find(text, TextLayout.MultiLine));
    }

    [Fact]
    public void Find_Position_CountsCharactersNotUtf16Units()
    {
        Assert.Equal(3, TextHygiene.Find("🎉🎉\u001B[31m", TextLayout.SingleLine)!.Value.Position);
    }

    [Theory]
    [InlineData("", 0xD800, "x", 1)]
    [InlineData("x", 0xDC00, "y", 2)]
    [InlineData("ab", 0xD83D, "", 3)]
    public void Find_UnpairedSurrogate_IsRefused(string before, int surrogate, string after, int position)
    {
        // Built here: attribute metadata cannot carry a lone surrogate.
        var text = before + (char)surrogate + after;

        Assert.Equal(new ControlCharacterFinding(position, surrogate, ControlCharacterKind.UnpairedSurrogate), TextHygiene.Find(text, TextLayout.MultiLine));
    }

    [Fact]
    public void Find_LeadingAndTrailingWhiteSpace_IsTrimmedBeforeStorageSoNotRefused()
    {
        Assert.Null(TextHygiene.Find(" \tAnna\r\n", TextLayout.SingleLine));
        Assert.Null(TextHygiene.Find("\u0085Anna\u2028", TextLayout.SingleLine));
        Assert.Equal(new ControlCharacterFinding(3, 0, ControlCharacterKind.Control), TextHygiene.Find("\t \0Anna", TextLayout.SingleLine));
        Assert.Equal(new ControlCharacterFinding(5, 0x1B, ControlCharacterKind.Control), TextHygiene.Find("Anna\u001B ", TextLayout.SingleLine));
    }

    [Fact]
    public void Check_Error_NamesFieldPositionAndCodePointButNeverTheCharacter()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
        try
        {
            var error = TextHygiene.Check("Eve\u001B[31m", "FirstName", TextLayout.SingleLine, new CustomerErrorDescriber());

            Assert.NotNull(error);
            Assert.Equal(CustomerErrorCodes.ControlCharacter, error.Code);
            Assert.Equal("FirstName", error.Field);
            Assert.Equal("'FirstName' contains an invisible control character (U+001B) at position 4. Remove it and try again.", error.Description);
            Assert.DoesNotContain(error.Description, char.IsControl);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Check_CleanText_IsNoError() =>
        Assert.Null(TextHygiene.Check("Anna\nBerg", "Note", TextLayout.MultiLine, new CustomerErrorDescriber()));
}
