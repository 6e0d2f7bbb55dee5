using OpenQA.Selenium;

namespace CustomerCore.Samples.Tests;

/// <summary>Merging duplicates, and groups with their discounts.</summary>
public sealed partial class WebBackOfficeTests
{
    [Fact]
    public void Merge_PreviewChooseTheDuplicatesEmail_ThenUndo_BringsBothBack()
    {
        SignInAsManager();
        var browser = Browser;
        var u = Unique();
        var removedEmail = $"mia.new.{u}@example.com";
        var removed = CreateCustomer("Mia", "Newer" + u, removedEmail);
        var kept = CreateCustomer("Mia", "Merge" + u, $"mia.old.{u}@example.com");

        Submit("merge-into");
        Fill("merge-q", removedEmail);
        Submit("merge-find");
        var candidate = Assert.Single(browser.FindElements(By.CssSelector("#merge-candidates tr.merge-candidate")));
        Assert.Contains("Newer" + u, candidate.Text, StringComparison.Ordinal);
        var old = browser.FindElement(By.TagName("html"));
        candidate.FindElement(By.CssSelector(".preview-merge")).Click();
        WaitUntil(() => IsStale(old));
        Shot();

        Assert.Contains(browser.FindElements(By.CssSelector("#merge-differences tr.merge-difference")), r => r.Text.StartsWith("Email", StringComparison.Ordinal));
        browser.FindElement(By.CssSelector("input[name='choice.Email'][value='removed']")).Click();
        Submit("merge");
        Assert.NotEmpty(browser.FindElements(By.Id("merged")));

        // The removed customer's id still opens a profile: the kept one, now with the chosen email. Checked in another tab,
        // so the page with the undo button stays as it is.
        var mergePage = browser.CurrentWindowHandle;
        browser.SwitchTo().NewWindow(WindowType.Tab);
        Open(new Uri(removed).AbsolutePath);
        Assert.Equal("Mia Merge" + u, browser.FindElement(By.Id("customer-name")).Text);
        Assert.Equal(removedEmail, browser.FindElement(By.Id("customer-email")).Text);
        browser.Close();
        browser.SwitchTo().Window(mergePage);

        Submit("undo-merge");
        Assert.NotEmpty(browser.FindElements(By.Id("merge-undone")));
        Open(new Uri(removed).AbsolutePath);
        Assert.Equal("Mia Newer" + u, browser.FindElement(By.Id("customer-name")).Text);
        Open(new Uri(kept).AbsolutePath);
        Assert.Equal($"mia.old.{u}@example.com", browser.FindElement(By.Id("customer-email")).Text);
    }

    [Fact]
    public void GroupWithDiscount_AndAPersonalDiscount_ShowOnTheProfile()
    {
        SignInAsManager();
        var browser = Browser;
        var u = Unique();
        Open("/Manage/Groups");
        Fill("group-name", "VIP " + u);
        browser.FindElement(By.CssSelector("#new-group-kind option[value='percent']")).Click();
        Fill("new-group-value", "10");
        Submit("create-group");
        Assert.Contains(browser.FindElements(By.CssSelector("#groups tr.group")),
            r => r.FindElement(By.CssSelector(".group-name")).GetDomProperty("value") == "VIP " + u && r.FindElement(By.CssSelector(".group-discount")).Text == "10 %");

        // A percentage over 100 is refused with the library's message.
        Fill("group-name", "Too generous " + u);
        browser.FindElement(By.CssSelector("#new-group-kind option[value='percent']")).Click();
        Fill("new-group-value", "150");
        Submit("create-group");
        Assert.NotEmpty(browser.FindElements(By.CssSelector("#errors li.error")));

        CreateCustomer("Gus", "Grouped" + u);
        browser.FindElement(By.XPath($"//select[@id='groupId']/option[normalize-space(.)='VIP {u}']")).Click();
        Submit("save-group");
        Assert.Equal($"VIP {u} (10 %)", browser.FindElement(By.Id("customer-group")).Text);

        browser.FindElement(By.CssSelector("#discount-kind option[value='amount']")).Click();
        Fill("discount-value", "5");
        Submit("save-discount");
        Assert.Equal("5.00 USD", browser.FindElement(By.Id("personal-discount")).Text);
    }
}
