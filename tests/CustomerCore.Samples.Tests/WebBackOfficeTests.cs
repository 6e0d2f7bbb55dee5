using OpenQA.Selenium;

namespace CustomerCore.Samples.Tests;

public sealed class WebBackOfficeTests(WebBackOfficeFixture web) : IClassFixture<WebBackOfficeFixture>
{
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

    [Fact]
    public void NewCustomer_ThenFindByLastFourDigits_ShowsWhyItMatched()
    {
        var browser = Browser;
        var unique = Guid.NewGuid().ToString("N")[..6];
        browser.Navigate().GoToUrl(web.BaseUrl + "/");
        browser.FindElement(By.Id("new-customer")).Click();
        Fill("firstName", "Ada");
        Fill("lastName", "Lovelace" + unique);
        Fill("email", $"ada.{unique}@example.com");
        Fill("phone", "(212) 555-0147");
        browser.FindElement(By.Id("emailConsent")).Click();
        browser.FindElement(By.Id("save")).Click();

        Assert.Equal("Ada Lovelace" + unique, browser.FindElement(By.Id("name")).Text);
        Assert.Equal("+12125550147", browser.FindElement(By.Id("customer-phone")).Text);
        Assert.Equal("OptedIn", browser.FindElement(By.Id("email-consent")).Text);

        browser.Navigate().GoToUrl(web.BaseUrl + "/");
        Fill("q", "lovelace" + unique);
        browser.FindElement(By.CssSelector("#search button")).Click();
        var row = Assert.Single(browser.FindElements(By.CssSelector("#results tr.result")));
        Assert.Contains("Ada Lovelace" + unique, row.Text, StringComparison.Ordinal);
        Assert.Equal("Name", row.FindElement(By.CssSelector(".matched-by")).Text);

        // Navigating (rather than submitting) waits for the new page, so no element of the old one is read.
        browser.Navigate().GoToUrl(web.BaseUrl + "/?q=0147");
        Assert.Contains(browser.FindElements(By.CssSelector("#results tr.result")),
            r => r.Text.Contains("Ada Lovelace" + unique, StringComparison.Ordinal) && r.FindElement(By.CssSelector(".matched-by")).Text == "PhoneLastDigits");
    }

    [Fact]
    public void NewCustomer_WithSamePhone_ShowsTheCandidateAndCreatesOnlyWhenInsisted()
    {
        var browser = Browser;
        browser.Navigate().GoToUrl(web.BaseUrl + "/customers/new");
        Fill("firstName", "Grace");
        Fill("phone", "+1 646 555 0199");
        browser.FindElement(By.Id("save")).Click();
        Assert.Equal("Grace", browser.FindElement(By.Id("name")).Text);

        browser.Navigate().GoToUrl(web.BaseUrl + "/customers/new");
        Fill("firstName", "Gracie");
        Fill("phone", "646.555.0199");
        browser.FindElement(By.Id("save")).Click();

        Assert.NotEmpty(browser.FindElements(By.Id("duplicates")));
        Assert.Contains("Grace", browser.FindElement(By.Id("results")).Text, StringComparison.Ordinal);
        browser.FindElement(By.Name("force")).Click();
        browser.FindElement(By.Id("save")).Click();
        Assert.Equal("Gracie", browser.FindElement(By.Id("name")).Text);
    }

    [Fact]
    public void NewCustomer_CardNumberInNote_IsRefusedWithTheReason()
    {
        var browser = Browser;
        browser.Navigate().GoToUrl(web.BaseUrl + "/customers/new");
        Fill("lastName", "Careless");
        Fill("note", "card 4111 1111 1111 1111");
        browser.FindElement(By.Id("save")).Click();

        Assert.Contains("looks like a payment card number", browser.FindElement(By.CssSelector("#errors li.error")).Text, StringComparison.Ordinal);
        Assert.Empty(browser.FindElements(By.Id("customer")));
    }
}
