namespace CustomerCore;

/// <summary>What kind of character <see cref="CustomerErrorDescriber.ControlCharacter"/> refuses in a text value.</summary>
public enum ControlCharacterKind
{
    /// <summary>An invisible C0 or C1 control character (U+0000–U+001F, U+007F–U+009F), such as NUL, BEL or ESC, or a
    /// carriage return that is not followed by a line feed.</summary>
    Control,

    /// <summary>A tab, line feed, carriage return or Unicode line or paragraph separator (U+2028, U+2029) in a field that
    /// holds a single line.</summary>
    LineBreakOrTab,

    /// <summary>A bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069), which can make text
    /// read differently from what is stored.</summary>
    TextDirection,

    /// <summary>Half of a UTF-16 surrogate pair without the other half: the text was cut or garbled.</summary>
    UnpairedSurrogate,
}
