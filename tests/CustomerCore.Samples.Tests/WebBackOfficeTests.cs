using System.Runtime.CompilerServices;
using OpenQA.Selenium;

namespace CustomerCore.Samples.Tests;

/// <summary>The web back office driven through a real browser, as a cashier and as a manager.</summary>
public sealed partial class WebBackOfficeTests(WebBackOfficeFixture web) : IClassFixture<WebBackOfficeFixture>
{
    private const string CashierUser = "cashier";
    private const string CashierPassword = "Cashier-2026!";
    private const string ManagerUser = "manager";
    private const string ManagerPassword = "Manager-2026!";

    private int _shots;
    private string _test = "web";

    private IWebDriver Browser
    {
        get
        {
            if (web.Unavailable is not null)
            {
                // Locally a missing browser skips with the reason; under CI the browser must be there.
                Assert.NotEqual("true", Environment.GetEnvironmentVariable("CI"));
                Assert.Skip(web.Unavailable);
            }

            return web.Browser!;
        }
    }

    private void Fill(string id, string value)
    {
        var field = Browser.FindElement(By.Id(id));
        field.Clear();
        field.SendKeys(value);
    }

    /// <summary>Opens a page of the back office and keeps a screenshot of it.</summary>
    private void Open(string path)
    {
        Browser.Navigate().GoToUrl(web.BaseUrl + path);
        Shot();
    }

    /// <summary>Clicks something that loads a new page, then keeps a screenshot of that page.</summary>
    private void Submit(string id) => SubmitWith(By.Id(id));

    /// <summary>Clicks the first element <paramref name="button"/> finds, waits for the new page and keeps a screenshot.</summary>
    private void SubmitWith(By button)
    {
        var old = Browser.FindElement(By.TagName("html"));
        Browser.FindElement(button).Click();
        WaitUntil(() => IsStale(old));
        Shot();
    }

    /// <summary>Saves what the browser shows under artifacts/screenshots, named after the test and the step.</summary>
    private void Shot()
    {
        var folder = Path.Combine(web.RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var page = IdInPath().Replace(new Uri(Browser.Url).AbsolutePath.Trim('/'), "id").Replace('/', '-');
        var name = $"{_test}-{++_shots:00}-{(page.Length == 0 ? "directory" : page)}.png";
        ((ITakesScreenshot)Browser).GetScreenshot().SaveAsFile(Path.Combine(folder, name));
    }

    /// <summary>Signs out whoever is signed in, then signs in as <paramref name="user"/>.</summary>
    private void SignIn(string user, string password, [CallerMemberName] string test = "")
    {
        _test = test;
        var browser = Browser;
        browser.Manage().Cookies.DeleteAllCookies();
        Open("/Account/Login");
        Fill("userName", user);
        Fill("password", password);
        Submit("sign-in");
        Assert.Equal(user, browser.FindElement(By.Id("signed-in-as")).Text);
    }

    private void SignInAsCashier([CallerMemberName] string test = "") => SignIn(CashierUser, CashierPassword, test);

    private void SignInAsManager([CallerMemberName] string test = "") => SignIn(ManagerUser, ManagerPassword, test);

    private static bool IsStale(IWebElement element)
    {
        try
        {
            _ = element.Enabled;
            return false;
        }
        catch (StaleElementReferenceException)
        {
            return true;
        }
        catch (UnknownErrorException error) when (error.Message.Contains("does not belong to the document", StringComparison.Ordinal))
        {
            // Chromium's own wording for the same thing when the question lands while the new document replaces the old.
            return true;
        }
    }

    // Finding an element waits for it (the fixture's implicit wait, long enough for a loaded CI machine); checking that
    // one is NOT on an already loaded page must not sit out that wait.
    private IReadOnlyCollection<IWebElement> Absent(By by)
    {
        var timeouts = Browser.Manage().Timeouts();
        var wait = timeouts.ImplicitWait;
        timeouts.ImplicitWait = TimeSpan.Zero;
        try
        {
            return Browser.FindElements(by);
        }
        finally
        {
            timeouts.ImplicitWait = wait;
        }
    }

    private static void WaitUntil(Func<bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The page did not reach the expected state in time.");
            Thread.Sleep(50);
        }
    }

    private string CreateCustomer(string firstName, string lastName, string? email = null, string? phone = null)
    {
        Open("/Customers/New");
        Fill("firstName", firstName);
        Fill("lastName", lastName);
        if (email is not null)
        {
            Fill("email", email);
        }

        if (phone is not null)
        {
            Fill("phone", phone);
        }

        Submit("save");
        Assert.Equal(firstName + " " + lastName, Browser.FindElement(By.Id("customer-name")).Text);
        return Browser.Url;
    }

    [System.Text.RegularExpressions.GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial System.Text.RegularExpressions.Regex IdInPath();

    private static string Unique() => Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public void NewCustomer_ThenFindByLastFourDigits_ShowsWhyItMatched()
    {
        SignInAsCashier();
        var browser = Browser;
        var unique = Unique();
        Open("/");
        Submit("new-customer");
        Fill("firstName", "Ada");
        Fill("lastName", "Lovelace" + unique);
        Fill("email", $"ada.{unique}@example.com");
        Fill("phone", "(212) 555-0147");
        browser.FindElement(By.Id("emailConsent")).Click();
        Submit("save");

        Assert.Equal("Ada Lovelace" + unique, browser.FindElement(By.Id("customer-name")).Text);
        Assert.Equal("+12125550147", browser.FindElement(By.Id("customer-phone")).Text);
        Assert.Equal("OptedIn", browser.FindElement(By.Id("email-consent")).Text);
        Assert.Contains("back-office-2026", browser.FindElement(By.Id("consent-history")).Text, StringComparison.Ordinal);

        Open("/");
        Fill("q", "lovelace" + unique);
        browser.FindElement(By.CssSelector("#search button")).Click();
        WaitUntil(() => browser.FindElements(By.CssSelector("#results tr.result")).Count == 1);
        Shot();
        var row = Assert.Single(browser.FindElements(By.CssSelector("#results tr.result")));
        Assert.Contains("Ada Lovelace" + unique, row.Text, StringComparison.Ordinal);
        Assert.Equal("Name", row.FindElement(By.CssSelector(".matched-by")).Text);

        // Type-ahead: typing alone (no button) fetches the results and says they matched by the last digits.
        Open("/");
        Fill("q", "0147");
        WaitUntil(() => browser.FindElements(By.CssSelector("#results tr.result")).Any(r => r.Text.Contains("Ada Lovelace" + unique, StringComparison.Ordinal)));
        Shot();
        Assert.Contains(browser.FindElements(By.CssSelector("#results tr.result")),
            r => r.Text.Contains("Ada Lovelace" + unique, StringComparison.Ordinal) && r.FindElement(By.CssSelector(".matched-by")).Text == "PhoneLastDigits");
    }

    [Fact]
    public void NewCustomer_WithSamePhone_ShowsTheCandidateAndCreatesOnlyWhenInsisted()
    {
        SignInAsCashier();
        var browser = Browser;
        CreateCustomer("Grace", "Hopper" + Unique(), phone: "+1 646 555 0199");

        Open("/Customers/New");
        Fill("firstName", "Gracie");
        Fill("phone", "646.555.0199");
        Submit("save");

        Assert.NotEmpty(browser.FindElements(By.Id("duplicates")));
        Assert.Contains("Grace", browser.FindElement(By.Id("results")).Text, StringComparison.Ordinal);
        Assert.Equal("Gracie", browser.FindElement(By.Id("firstName")).GetDomProperty("value"));
        browser.FindElement(By.Name("force")).Click();
        Submit("save");
        Assert.Equal("Gracie", browser.FindElement(By.Id("customer-name")).Text);
    }

    [Fact]
    public void NewCustomer_CardNumberInNote_IsRefusedWithTheReason_AndKeepsWhatWasTyped()
    {
        SignInAsCashier();
        var browser = Browser;
        Open("/Customers/New");
        Fill("lastName", "Careless");
        Fill("note", "card 4111 1111 1111 1111");
        Submit("save");

        Assert.Contains("looks like a payment card number", browser.FindElement(By.CssSelector("#errors li.error")).Text, StringComparison.Ordinal);
        Assert.Empty(Absent(By.Id("customer")));
        Assert.Equal("Careless", browser.FindElement(By.Id("lastName")).GetDomProperty("value"));
    }

    [Fact]
    public void Search_KeepsSearchedPersonalDataOutOfTheServerLog()
    {
        SignInAsCashier();
        var browser = Browser;
        var unique = Unique();
        var email = $"private.{unique}@example.com";
        var lastName = "Secretname" + unique;
        CreateCustomer("Pat", lastName, email, "+1 415 555 0" + Random.Shared.Next(100, 999));
        var phone = browser.FindElement(By.Id("customer-phone")).Text;

        foreach (var searched in new[] { email, lastName, phone })
        {
            Open("/");
            Fill("q", searched);
            browser.FindElement(By.CssSelector("#search button")).Click();
            WaitUntil(() => browser.FindElements(By.CssSelector("#results tr.result")).Any(r => r.Text.Contains(lastName, StringComparison.Ordinal)));
        }

        var log = web.ServerOutput;
        Assert.Contains("Request starting", log, StringComparison.Ordinal); // request logging is on, so the check means something
        Assert.DoesNotContain(email, log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(lastName, log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(phone.TrimStart('+'), log, StringComparison.Ordinal);
        Assert.DoesNotContain(phone[^4..] + "&", log, StringComparison.Ordinal);
    }
}
