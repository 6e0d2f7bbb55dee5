using OpenQA.Selenium;

namespace CustomerCore.Samples.Tests;

/// <summary>What a cashier and a manager may do, in the pages and when posting directly.</summary>
public sealed partial class WebBackOfficeTests
{
    /// <summary>Posts a form from the page's script, with the page's antiforgery token; returns where the browser ended up.</summary>
    private string PostDirectly(string path, params (string Name, string Value)[] fields)
    {
        var pairs = string.Join(",", fields.Select(f => $"['{f.Name}', '{f.Value}']"));
        var script = $$"""
            const body = new FormData();
            body.append('__RequestVerificationToken', document.querySelector('input[name=__RequestVerificationToken]').value);
            for (const [name, value] of [{{pairs}}]) body.append(name, value);
            return fetch('{{path}}', { method: 'POST', body }).then(r => r.status + ' ' + r.url);
            """;
        return (string)((IJavaScriptExecutor)Browser).ExecuteScript(script)!;
    }

    [Fact]
    public void Cashier_SeesNoImportExportMergeOrErase_AndIsRefusedWhenPostingThere()
    {
        SignInAsCashier();
        var browser = Browser;
        var profile = CreateCustomer("Cass", "Shier" + Unique(), phone: "+1 503 555 01" + Random.Shared.Next(10, 99));
        var version = browser.FindElement(By.Id("customer-version")).Text;

        Assert.Empty(Absent(By.Id("nav-import")));
        Assert.Empty(Absent(By.Id("nav-export")));
        Assert.Empty(Absent(By.Id("merge-into")));
        Assert.Empty(Absent(By.Id("erase-button")));
        Assert.Empty(Absent(By.Id("open-credit-line")));
        Assert.NotEmpty(browser.FindElements(By.Id("attach-ticket")));

        var id = new Uri(profile).AbsolutePath.Split('/')[^1];
        var erase = PostDirectly($"/Customers/{id}?handler=Erase", ("version", version));
        var credit = PostDirectly($"/Customers/{id}?handler=OpenCreditLine", ("name", "Sneaky"), ("limit", "1000"), ("termDays", "30"));
        var charge = PostDirectly($"/Customers/{id}?handler=CreditPosting", ("accountId", Guid.NewGuid().ToString()), ("amount", "10"));
        var import = PostDirectly("/Import?handler=Apply", ("token", new string('a', 32)));
        var merge = PostDirectly($"/Manage/Merge?keep={id}&handler=Merge", ("remove", Guid.NewGuid().ToString()), ("keepVersion", version), ("removeVersion", "1"));
        Assert.All(new[] { erase, credit, charge, import, merge }, outcome => Assert.Contains("/Account/Denied", outcome, StringComparison.Ordinal));

        Open("/Import");
        Assert.NotEmpty(browser.FindElements(By.Id("denied")));
        Open(new Uri(profile).AbsolutePath);
        Assert.Equal(version, browser.FindElement(By.Id("customer-version")).Text);
        Assert.StartsWith("Cass Shier", browser.FindElement(By.Id("customer-name")).Text, StringComparison.Ordinal);
        Assert.Empty(Absent(By.CssSelector(".credit-line")));
    }

    [Fact]
    public void Manager_SeesImportExportMergeAndErase_AndDownloadsTheExport()
    {
        SignInAsManager();
        var browser = Browser;
        var lastName = "Manning" + Unique();
        CreateCustomer("Max", lastName, phone: "+1 503 555 02" + Random.Shared.Next(10, 99));

        Assert.NotEmpty(browser.FindElements(By.Id("nav-import")));
        Assert.NotEmpty(browser.FindElements(By.Id("nav-export")));
        Assert.NotEmpty(browser.FindElements(By.Id("merge-into")));
        Assert.NotEmpty(browser.FindElements(By.Id("erase-button")));

        Fill("credit-limit", "250");
        Submit("open-credit");
        Assert.Contains("250.00 USD", browser.FindElement(By.CssSelector(".credit-line .credit-limit")).Text, StringComparison.Ordinal);

        // A charge within the limit goes on the statement; one past it is refused with the library's reason.
        browser.FindElement(By.CssSelector(".credit-posting-amount")).SendKeys("100");
        browser.FindElement(By.CssSelector(".credit-posting-reference")).SendKeys("INV-1");
        SubmitWith(By.CssSelector(".credit-post"));
        Assert.Equal("100.00 USD", browser.FindElement(By.CssSelector(".credit-line .credit-balance")).Text);
        Assert.Contains("INV-1", browser.FindElement(By.CssSelector(".credit-line .statement")).Text, StringComparison.Ordinal);
        browser.FindElement(By.CssSelector(".credit-posting-amount")).SendKeys("200");
        SubmitWith(By.CssSelector(".credit-post"));
        Assert.Contains(browser.FindElements(By.CssSelector("#errors li.error")), e => e.GetDomAttribute("data-code") == "credit_limit_exceeded");
        Assert.Equal("100.00 USD", browser.FindElement(By.CssSelector(".credit-line .credit-balance")).Text);

        Open("/Manage/Export");
        var download = (string)((IJavaScriptExecutor)browser).ExecuteScript("""
            const body = new FormData(document.getElementById('export-form'));
            return fetch('/Manage/Export?handler=Download', { method: 'POST', body })
              .then(async r => r.headers.get('content-type') + '\n' + r.headers.get('content-disposition') + '\n' + await r.text());
            """)!;
        Assert.StartsWith("text/csv", download, StringComparison.Ordinal);
        Assert.Contains("attachment", download, StringComparison.Ordinal);
        Assert.Contains("First Name,Last Name", download, StringComparison.Ordinal);
        Assert.Contains(lastName, download, StringComparison.Ordinal);
    }
}
