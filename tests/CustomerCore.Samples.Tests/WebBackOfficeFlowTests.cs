using OpenQA.Selenium;

namespace CustomerCore.Samples.Tests;

/// <summary>The import wizard, a ticket attached after the sale, and two people editing the same customer.</summary>
public sealed partial class WebBackOfficeTests
{
    private void Search(string text)
    {
        Open("/");
        Fill("q", text);
        Submit("search-button");
    }

    private string MappedField(string header) =>
        Browser.FindElement(By.CssSelector($"select[data-header='{header}']")).GetDomProperty("value") ?? string.Empty;

    [Fact]
    public void ImportWizard_MappingChangeAndAnErrorRow_DryRunApplyAndUndo()
    {
        SignInAsManager();
        var browser = Browser;
        var u = Unique();
        var csv = Path.Combine(web.WorkFolder, $"customers-{u}.csv");
        File.WriteAllText(csv, $"""
            First Name,Last Name,Email,Phone,Loyalty Card
            Imogen,Import{u},imogen.{u}@example.com,+1 303 555 0101,LC-{u}-1
            Ivan,Import{u},not-an-email,+1 303 555 0102,LC-{u}-2
            Iris,Import{u},iris.{u}@example.com,+1 303 555 0103,LC-{u}-3
            """.Replace("\r\n", "\n"));

        Open("/Import");
        browser.FindElement(By.Id("csv-file")).SendKeys(csv);
        Submit("upload");

        // The proposed mapping knows the standard headers and leaves the shop's own column unmapped.
        Assert.Equal("Email", MappedField("Email"));
        Assert.Equal(string.Empty, MappedField("Loyalty Card"));
        Assert.Equal("2", browser.FindElement(By.Id("count-created")).Text);
        Assert.Equal("1", browser.FindElement(By.Id("count-errors")).Text);
        var issue = browser.FindElements(By.CssSelector("#issues tr.issue.error")).Single();
        Assert.Equal("3", issue.FindElement(By.CssSelector(".issue-line")).Text);
        Assert.Equal("Email", issue.FindElement(By.CssSelector(".issue-column")).Text);
        Assert.DoesNotContain("CustomerCode", browser.FindElement(By.Id("row-changes")).Text, StringComparison.Ordinal);

        browser.FindElement(By.CssSelector("select[data-header='Loyalty Card'] option[value='CustomerCode']")).Click();
        Submit("dry-run");
        Assert.Equal("CustomerCode", MappedField("Loyalty Card"));
        Assert.Contains($"LC-{u}-1", browser.FindElement(By.Id("row-changes")).Text, StringComparison.Ordinal);
        Assert.Equal("1", browser.FindElement(By.Id("count-errors")).Text);

        // All or nothing by default: the error row stops the whole apply, with the report still on screen.
        Submit("apply");
        Assert.Empty(Absent(By.Id("applied")));
        Assert.Contains(browser.FindElements(By.CssSelector("#errors li.error")), e => e.GetDomAttribute("data-code") == "import_has_errors");
        Assert.Equal("1", browser.FindElement(By.Id("count-errors")).Text);
        Assert.Equal("CustomerCode", MappedField("Loyalty Card"));

        browser.FindElement(By.Id("skip-invalid")).Click();
        Submit("apply");
        Assert.NotEmpty(browser.FindElements(By.Id("applied")));
        Assert.Equal("2", browser.FindElement(By.Id("count-created")).Text);

        // Checked in another tab, so the wizard's page with its undo button stays as it is.
        var wizard = browser.CurrentWindowHandle;
        browser.SwitchTo().NewWindow(WindowType.Tab);
        Search($"LC-{u}-3");
        var row = Assert.Single(browser.FindElements(By.CssSelector("#results tr.result")));
        Assert.Contains("Iris Import" + u, row.Text, StringComparison.Ordinal);
        Assert.Equal("CustomerCode", row.FindElement(By.CssSelector(".matched-by")).Text);

        browser.Close();
        browser.SwitchTo().Window(wizard);
        Assert.NotEmpty(browser.FindElements(By.Id("undo")));
        Submit("undo");
        Assert.Contains("2 customer(s) removed", browser.FindElement(By.Id("undone")).Text, StringComparison.Ordinal);
        Search($"LC-{u}-3");
        Assert.NotEmpty(browser.FindElements(By.Id("no-results")));
    }

    [Fact]
    public void TicketAttachedAfterTheSale_ShowsOnTheProfileWithItsPoints()
    {
        SignInAsCashier();
        var browser = Browser;
        var u = Unique();
        CreateCustomer("Tia", "Ticket" + u, phone: "+1 720 555 01" + Random.Shared.Next(10, 99));

        Fill("ticket-reference", "R-" + u);
        Fill("ticket-total", "42.50");
        Fill("ticket-lines", "BEANS-1; Coffee beans; 2; 12.50\nMUG-7; Mug; 1; 17.50");
        Submit("attach");

        Assert.Contains("R-" + u, browser.FindElement(By.Id("notice")).Text, StringComparison.Ordinal);
        var purchase = Assert.Single(browser.FindElements(By.CssSelector("#purchase-history tr.purchase")));
        Assert.Equal("R-" + u, purchase.FindElement(By.CssSelector(".ticket-reference")).Text);
        Assert.Contains("42.50 USD", purchase.Text, StringComparison.Ordinal);
        Assert.Equal("42", purchase.FindElement(By.CssSelector(".ticket-points")).Text);
        Assert.Equal("42", browser.FindElement(By.Id("points")).Text);
        Assert.Contains("Coffee beans", browser.FindElement(By.Id("frequent-items")).Text, StringComparison.Ordinal);
        Assert.StartsWith("1 visit", browser.FindElement(By.Id("visits")).Text, StringComparison.Ordinal);

        // A malformed line is refused with the library's message, and nothing else is lost.
        Fill("ticket-reference", "R2-" + u);
        Fill("ticket-total", "10");
        Fill("ticket-lines", "only two; parts");
        Submit("attach");
        Assert.Contains("Lines[1]", browser.FindElement(By.CssSelector("#errors li.error")).Text, StringComparison.Ordinal);
        Assert.Single(browser.FindElements(By.CssSelector("#purchase-history tr.purchase")));
    }

    [Fact]
    public void EditWhileSomeoneElseSaved_ShowsTheConflictAndKeepsWhatWasTyped()
    {
        SignInAsCashier();
        var browser = Browser;
        var u = Unique();
        var profile = CreateCustomer("Cora", "Conflict" + u, phone: "+1 720 555 02" + Random.Shared.Next(10, 99));
        var mine = browser.CurrentWindowHandle;
        Submit("edit");

        // A colleague opens the same customer in another tab and saves first.
        browser.SwitchTo().NewWindow(WindowType.Tab);
        Open(new Uri(profile).AbsolutePath + "/Edit");
        Fill("lastName", "Colleague" + u);
        Submit("save");
        Assert.Equal("Cora Colleague" + u, browser.FindElement(By.Id("customer-name")).Text);
        browser.Close();

        browser.SwitchTo().Window(mine);
        Fill("note", "Prefers email receipts");
        Submit("save");

        Assert.NotEmpty(browser.FindElements(By.Id("conflict")));
        var error = browser.FindElement(By.CssSelector("#errors li.error"));
        Assert.Equal("version_conflict", error.GetDomAttribute("data-code"));
        Assert.Contains("changed by someone else", error.Text, StringComparison.Ordinal);
        Assert.Equal("Prefers email receipts", browser.FindElement(By.Id("note")).GetDomProperty("value"));
        Open(new Uri(profile).AbsolutePath);
        Assert.Equal("Cora Colleague" + u, browser.FindElement(By.Id("customer-name")).Text);
        Assert.Equal(string.Empty, browser.FindElement(By.Id("customer-note")).Text);
    }
}
