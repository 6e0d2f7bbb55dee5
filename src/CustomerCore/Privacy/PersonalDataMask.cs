namespace CustomerCore.Privacy;

/// <summary>Masks personal data before it reaches a log: enough to recognise a record, not enough to identify a person.</summary>
public static class PersonalDataMask
{
    /// <summary>Masks an email as <c>j***@example.com</c>.</summary>
    public static string Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return string.Empty;
        }

        var at = email.IndexOf('@');
        if (at <= 0)
        {
            return "***";
        }

        return email[0] + "***" + email[at..];
    }

    /// <summary>Masks a phone number as <c>+44******123</c>: keeps the first three and last three characters.</summary>
    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return string.Empty;
        }

        if (phone.Length <= 6)
        {
            return new string('*', phone.Length);
        }

        return phone[..3] + new string('*', phone.Length - 6) + phone[^3..];
    }

    /// <summary>Masks a name as <c>J***</c>.</summary>
    public static string Name(string? name) => string.IsNullOrEmpty(name) ? string.Empty : name[0] + "***";
}
