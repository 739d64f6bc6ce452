package io.usageanalytics.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Events;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver) against the running service and
 * its PostgreSQL, signed in as a person does: the sign-in button, the login form of a real Keycloak
 * ({@link KeycloakResource}, users of src/test/resources/keycloak) and back with the code. The fixture below is the
 * only data of its companies, so every number on screen is known. Screenshots of each view are written to
 * docs/console/.
 */
@QuarkusTest
@TestProfile(ConsoleBrowserTest.SignInAtKeycloak.class)
class ConsoleBrowserTest {

    /**
     * The service with Keycloak as its only OIDC provider. A profile of its own, not just a test resource: a
     * service started again in the default profile after another profile's would keep SmallRye GraphQL's
     * instrumentations of the first start (held in a static), whose bean look-ups fail in the new container.
     */
    public static class SignInAtKeycloak implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakResource.class));
        }
    }

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("docs/console");
    private static final String A = "console-a";
    private static final String B = "console-b";
    /** The company the live test sends events for, so that the others' numbers stay those of the fixture. */
    private static final String C = "console-c";
    // the test realm's users
    private static final String OWNER_A = "owner-a";
    private static final String OWNER_C = "owner-c";
    private static final String PARTNER_A_B = "partner-ab";
    private static final String ADMIN = "vendor-admin";
    /** A telemetry writer of A: a member of the company without a role that reads figures. */
    private static final String WRITER_A = "writer-a";
    /** A telemetry writer for every company, for the fixture's events. */
    private static final String INGEST = "ingest-all";

    private static ChromeDriver browser;
    private static Path downloads;

    @TestHTTPResource("/")
    URL console;

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Debian's chromium and chromium-driver are needed (.ci/run installs them)");
        downloads = Files.createTempDirectory("console-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1800",
                "--lang=en-US", "--accept-lang=en-US");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "intl.accept_languages", "en-US"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
                options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void fixture() throws URISyntaxException {
        KeycloakResource.allowConsoleAt(console.toURI());
        if (companyExists(A)) {
            return;
        }
        String admin = KeycloakResource.token(ADMIN);
        Api.createCompany(admin, A, "Europe/Berlin", 20, true);
        Api.createCompany(admin, B, "UTC", 5, false);
        Api.createCompany(admin, C, "UTC", 5, false);
        Instant at = recentToday();
        Events events = Events.batch()
                .add(A, at, "USER_ACTIVE", "userId", "u-1").add(A, at, "USER_ACTIVE", "userId", "u-2")
                .add(A, at, "USER_ACTIVE", "userId", "u-3")
                .add(A, at, "CHAT_CREATED", "userId", "u-1", "chatId", "c-1")
                .add(A, at, "CHAT_CREATED", "userId", "u-2", "chatId", "c-2")
                .add(A, at, "USER_MESSAGE", "userId", "u-1", "chatId", "c-1", "assistantId", "writer", "module", "docs")
                .add(A, at, "USER_MESSAGE", "userId", "u-1", "chatId", "c-1", "assistantId", "writer", "module", "docs")
                .add(A, at, "USER_MESSAGE", "userId", "u-1", "chatId", "c-1", "assistantId", "writer", "module", "docs")
                .add(A, at, "USER_MESSAGE", "userId", "u-2", "chatId", "c-2", "assistantId", "coder", "module", "code")
                .add(A, at, "ASSISTANT_MESSAGE", "chatId", "c-1", "assistantId", "writer", "module", "docs")
                .add(A, at, "ASSISTANT_MESSAGE", "chatId", "c-1", "assistantId", "writer", "module", "docs")
                .add(A, at, "ASSISTANT_MESSAGE", "chatId", "c-1", "assistantId", "writer", "module", "docs")
                .add(A, at, "FEEDBACK", "userId", "u-1", "rating", "POSITIVE", "assistantId", "writer")
                .add(A, at, "FEEDBACK", "userId", "u-2", "rating", "NEGATIVE", "assistantId", "writer")
                .add(A, at, "CONNECTOR_USED", "userId", "u-1", "connector", "sharepoint")
                .add(A, at, "PROJECT_USED", "userId", "u-1", "projectId", "p-1")
                .add(A, at, "ARTIFACT_CREATED", "userId", "u-2")
                .add(A, at, "INVITE_SENT", "inviteId", "i-1")
                .add(A, at, "SPEND", "userId", "u-1", "model", "gpt-large", "amountMicros", 1_500_000)
                .add(A, at, "SPEND", "userId", "u-2", "model", "claude-fast", "amountMicros", 250_000)
                .add(B, at, "USER_ACTIVE", "userId", "b-1")
                .add(C, at, "USER_ACTIVE", "userId", "c-1");
        Api.postEvents(KeycloakResource.token(INGEST), events.json()).statusCode(200);
    }

    /**
     * Ten minutes ago, but never before today's first minute in Berlin (A) or UTC (B, C), nor in another month:
     * "today" and "month to date" hold the fixture whatever the hour the tests run.
     */
    private static Instant recentToday() {
        Instant now = Instant.now();
        Instant at = now.minusSeconds(600);
        for (ZoneId zone : List.of(ZoneId.of("Europe/Berlin"), ZoneOffset.UTC)) {
            Instant firstMinute = LocalDate.now(zone).atStartOfDay(zone).toInstant().plusSeconds(60);
            if (at.isBefore(firstMinute)) {
                at = firstMinute;
            }
        }
        return at;
    }

    private static boolean companyExists(String id) {
        return Api.graphql(KeycloakResource.token(ADMIN), "{ company(id: \"" + id + "\") { id } }").extract()
                .jsonPath().getString("data.company.id") != null;
    }

    /** Opens the console, presses its sign-in button and signs in at Keycloak's login form as the user. */
    private void signIn(String username) {
        openLoginForm();
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(KeycloakResource.PASSWORD);
        browser.findElement(By.id("kc-login")).click();
        waitFor(() -> browser.getCurrentUrl().startsWith(console.toString())
                && (!loadedMark().isEmpty() || !browser.findElements(By.cssSelector(".login .error")).isEmpty()));
    }

    /** The console's sign-in button, as nobody signed in at this browser yet: Keycloak's login form. */
    private void openLoginForm() {
        // Keycloak's session cookie would sign the previous test's user in again without the form
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        browser.get(console.toString());
        waitFor(() -> !browser.findElements(By.id("oidc-login")).isEmpty());
        browser.findElement(By.id("oidc-login")).click();
        waitFor(() -> !browser.findElements(By.id("kc-login")).isEmpty());
        assertTrue(browser.getCurrentUrl().startsWith(KeycloakResource.issuer() + "/protocol/openid-connect/auth?"),
                browser.getCurrentUrl());
    }

    private String loadedMark() {
        Object mark = js("return document.body.dataset.loaded || ''");
        return String.valueOf(mark);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** Waits for the condition, also across page loads (scripts and elements of a page that is going away fail). */
    private static void waitFor(Supplier<Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .withMessage(() -> "on " + browser.getCurrentUrl()).until(d -> condition.get());
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    /** The value cell of a row of a two-column table, found by the row's label. */
    private static String row(String table, String label) {
        for (WebElement tr : browser.findElements(By.cssSelector("#" + table + " tbody tr"))) {
            List<WebElement> cells = tr.findElements(By.cssSelector("th, td"));
            if (cells.get(0).getText().equals(label)) {
                return cells.get(cells.size() - 1).getText();
            }
        }
        return null;
    }

    private static void shot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        Path file = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anOwnerSeesEveryPanelWithTheFixturesNumbers() throws IOException {
        signIn(OWNER_A);
        // back on the page itself, without the code; the tokens live in the page's memory only, and the PKCE
        // verifier and state that waited in sessionStorage during the redirect are gone
        assertEquals(console.toString(), browser.getCurrentUrl());
        assertEquals(0L, js("return localStorage.length"));
        assertEquals(0L, js("return sessionStorage.length"));
        assertEquals("", js("return document.cookie"));
        assertEquals(Set.of(), browser.manage().getCookies());
        // the page Keycloak sent the owner back to asked it for the tokens only (its metadata came along from the
        // sign-in), and asked for the owner's dashboard beside the list of companies, not after it
        assertEquals(List.of("/protocol/openid-connect/token"), js("""
                return performance.getEntriesByType('resource').map((e) => e.name)
                  .filter((n) => n.startsWith(arguments[0])).map((n) => n.slice(arguments[0].length))""",
                KeycloakResource.issuer()));
        assertEquals(List.of(true, true, true), js("""
                const graphql = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/graphql'))
                  .slice(0, 3);
                const firstAnswer = Math.min(...graphql.map((e) => e.responseEnd));
                return graphql.map((e) => e.startTime < firstAnswer)"""));
        assertTrue(text("#freshness").startsWith("Newest event:"), text("#freshness"));
        // user activity
        assertEquals("3", text("#kpi-wau .value"));
        assertEquals("15%", text("#kpi-utilisation .value"));
        assertEquals("1", text("#kpi-invites .value"));
        // feature adoption
        assertEquals("sharepoint", browser.findElement(By.cssSelector("#top-connectors tbody th")).getText());
        assertEquals("1", row("top-connectors", "sharepoint"));
        assertEquals("1", row("top-projects", "u-1"));
        assertEquals("1", row("top-artifacts", "u-2"));
        // telemetry counts
        assertEquals("3", row("telemetry-counts", "Users"));
        assertEquals("2", row("telemetry-counts", "Chats"));
        assertEquals("4", row("telemetry-counts", "User messages"));
        assertEquals("3", row("telemetry-counts", "Assistant messages"));
        assertEquals("1", row("telemetry-counts", "Positive feedback"));
        assertEquals("1", row("telemetry-counts", "Negative feedback"));
        assertEquals("3", row("prompts", "writer · docs"));
        assertEquals("1", row("prompts", "coder · code"));
        // spend
        assertEquals("$1.75", text("#kpi-mtd .value"));
        assertEquals("$1.50", row("spend-users", "u-1"));
        assertEquals("$0.25", row("spend-users", "u-2"));
        assertEquals("$1.50", row("spend-models-1", "gpt-large"));
        // the charts: the fixture's numbers, as in their tables
        assertActivityChart(30);
        assertChatsChart(30);
        // a chart's table view, by keyboard
        WebElement toggle = browser.findElement(By.cssSelector("#activity .toggle"));
        toggle.sendKeys(org.openqa.selenium.Keys.ENTER);
        assertTrue(browser.findElement(By.id("chart-active-table")).isDisplayed());
        assertFalse(browser.findElement(By.id("chart-active")).isDisplayed());
        toggle.sendKeys(org.openqa.selenium.Keys.ENTER);
        assertTrue(browser.findElement(By.id("chart-active")).isDisplayed());
        shot("owner-dashboard");
    }

    @Test
    void theRangeAndTheLanguageSwitch() throws IOException {
        signIn(OWNER_A);
        String before = loadedMark();
        keepChartInstance();
        new Select(browser.findElement(By.id("range"))).selectByValue("7d");
        waitFor(() -> !loadedMark().equals(before));
        assertEquals(7, browser.findElements(By.cssSelector("#chart-active-table tbody tr")).size());
        assertKeptChartInstanceDisposed();
        assertActivityChart(7);
        String weekly = loadedMark();
        keepChartInstance();
        new Select(browser.findElement(By.id("granularity"))).selectByValue("MONTH");
        waitFor(() -> !loadedMark().equals(weekly));
        assertTrue(browser.findElements(By.cssSelector("#chart-active-table tbody tr")).size() <= 2);
        assertKeptChartInstanceDisposed();
        assertChartEqualsTable("chart-active", List.of("Daily active users", "Weekly active users", "Monthly active users"));
        keepChartInstance();
        browser.findElement(By.id("lang")).click();
        waitFor(() -> "de".equals(js("return document.documentElement.lang")));
        assertEquals("Nutzeraktivität", text("#activity-h"));
        assertKeptChartInstanceDisposed();
        assertTrue(chart("chart-active").get("aria").toString().startsWith(
                "Dies ist ein Diagramm über \"DAU, WAU und MAU\". Es besteht aus 3 Serienzählung. Die Serie 0 ist ein Liniendiagramm"),
                chart("chart-active").get("aria").toString());
        assertEquals(List.of("Täglich aktive Nutzer", "Wöchentlich aktive Nutzer", "Monatlich aktive Nutzer"),
                seriesNames(chart("chart-active")));
        assertEquals("1,50 $", row("spend-users", "u-1"));
        assertEquals("3", row("telemetry-counts", "Nutzer"));
        shot("owner-dashboard-de");
        browser.findElement(By.id("lang")).click();
        waitFor(() -> "en".equals(js("return document.documentElement.lang")));
    }

    @Test
    void theCsvButtonDownloadsTheExport() throws Exception {
        signIn(OWNER_A);
        browser.findElement(By.id("csv-spend")).click();
        Path[] file = new Path[1];
        waitFor(() -> {
            try (var files = Files.list(downloads)) {
                file[0] = files.filter(f -> f.getFileName().toString().startsWith("spend-by-user_" + A)
                        && f.toString().endsWith(".csv")).findFirst().orElse(null);
                return file[0] != null && Files.size(file[0]) > 0;
            } catch (IOException e) {
                return false;
            }
        });
        String csv = Files.readString(file[0], StandardCharsets.UTF_8);
        assertEquals("user_id,amount_micros,amount_usd\nu-1,1500000,1.500000\nu-2,250000,0.250000\n",
                csv.replace("\r\n", "\n"), csv);
    }

    @Test
    void aPanelChangesWhenEventsArrive() {
        signIn(OWNER_C);
        String users = row("telemetry-counts", "Users");
        waitFor(() -> "on".equals(js("return document.body.dataset.live")));
        String before = loadedMark();
        keepChartInstance();
        Api.postEvents(KeycloakResource.token(INGEST), Events.batch()
                .add(C, Instant.now().minusSeconds(60), "USER_ACTIVE", "userId", "u-live-" + System.nanoTime()).json())
                .statusCode(200);
        waitFor(() -> !loadedMark().equals(before));
        assertEquals(Integer.parseInt(users) + 1, Integer.parseInt(row("telemetry-counts", "Users")));
        assertKeptChartInstanceDisposed();
    }

    @Test
    void aPartnerChoosesAmongItsCompaniesOnly() throws IOException {
        signIn(PARTNER_A_B);
        List<String> options = new Select(browser.findElement(By.id("company"))).getOptions().stream()
                .map(o -> o.getAttribute("value")).toList();
        assertEquals(List.of(A, B), options);
        String before = loadedMark();
        new Select(browser.findElement(By.id("company"))).selectByValue(B);
        waitFor(() -> !loadedMark().equals(before));
        assertTrue(browser.findElement(By.id("spend-off")).isDisplayed());
        assertEquals("1", row("telemetry-counts", "Users"));
        shot("partner-company-without-extra-usage");
    }

    @Test
    void anAdministratorSeesBillingAndCompaniesButNoPerUserRow() throws IOException {
        signIn(ADMIN);
        Select company = new Select(browser.findElement(By.id("company")));
        if (!A.equals(company.getFirstSelectedOption().getAttribute("value"))) {
            String before = loadedMark();
            company.selectByValue(A);
            waitFor(() -> !loadedMark().equals(before));
        }
        try {
            waitFor(() -> !browser.findElements(By.cssSelector("#billing tbody tr")).isEmpty());
        } catch (RuntimeException e) {
            throw new AssertionError(browser.findElement(By.tagName("body")).getText(), e);
        }
        assertFalse(browser.findElements(By.id("no-user-rows")).isEmpty());
        assertTrue(browser.findElements(By.id("top-projects")).isEmpty());
        assertTrue(browser.findElements(By.id("spend-users")).isEmpty());
        assertTrue(browser.findElements(By.id("csv-spend")).isEmpty());
        waitFor(() -> !browser.findElements(By.cssSelector("#spend #kpi-mtd .value")).isEmpty());
        assertEquals("$1.75", text("#spend #kpi-mtd .value"), text("#spend"));
        assertFalse(browser.findElements(By.cssSelector("#company-list tr[data-company='" + A + "']")).isEmpty());
        assertFalse(browser.findElements(By.id("csv-billing")).isEmpty());
        String page = browser.findElement(By.tagName("main")).getText();
        assertFalse(page.contains("u-1") || page.contains("u-2"), "no user id on an administrator's page");
        shot("administrator");
    }

    @Test
    void aMemberWithoutAReadingRoleSeesNothing() {
        signIn(WRITER_A);
        assertTrue(browser.findElement(By.cssSelector(".login .error")).getText().contains("may not read"));
        assertTrue(browser.findElements(By.id("activity")).isEmpty());
    }

    @Test
    void signingOutEndsTheSessionAtKeycloakToo() {
        signIn(OWNER_A);
        browser.findElement(By.id("logout")).click();
        waitFor(() -> browser.getCurrentUrl().startsWith(console.toString())
                && !browser.findElements(By.id("oidc-login")).isEmpty());
        assertTrue(browser.findElements(By.id("activity")).isEmpty());
        // without its session at Keycloak, the next sign-in at this browser asks for a password again
        browser.findElement(By.id("oidc-login")).click();
        waitFor(() -> !browser.findElements(By.id("kc-login")).isEmpty());
        assertTrue(browser.getCurrentUrl().startsWith(KeycloakResource.issuer()), browser.getCurrentUrl());
    }

    @Test
    void aCodeKeycloakRefusesIsShownAsAFailedSignIn() {
        openLoginForm();
        String state = (String) js("return new URL(location.href).searchParams.get('state')");
        // back at the console with this sign-in's state but a code Keycloak never issued
        browser.get(console + "?code=not-a-code-of-keycloak&state=" + state);
        waitFor(() -> !browser.findElements(By.cssSelector(".login .error")).isEmpty());
        assertEquals("Signing in failed (invalid_grant); please try again.", text(".login .error"));
        assertEquals(console.toString(), browser.getCurrentUrl());
        assertEquals(0L, js("return sessionStorage.length"));
        assertFalse(browser.findElements(By.id("oidc-login")).isEmpty());
    }

    @Test
    void theConsoleRenewsItsTokenBeforeItExpires() throws InterruptedException {
        KeycloakResource.consoleAccessTokenLifespan(Duration.ofSeconds(10));
        try {
            signIn(OWNER_C);
            int users = Integer.parseInt(row("telemetry-counts", "Users"));
            // three lifetimes of the first token: without renewal the service would refuse the page's requests and
            // close its live socket
            Thread.sleep(Duration.ofSeconds(30));
            waitFor(() -> "on".equals(js("return document.body.dataset.live")));
            assertEquals(0L, js("return localStorage.length + sessionStorage.length"));
            assertEquals("", js("return document.cookie"));
            Api.postEvents(KeycloakResource.token(INGEST), Events.batch()
                    .add(C, Instant.now().minusSeconds(60), "USER_ACTIVE", "userId", "u-renewed-" + System.nanoTime())
                    .json()).statusCode(200);
            waitFor(() -> String.valueOf(users + 1).equals(row("telemetry-counts", "Users")));
            new Select(browser.findElement(By.id("range"))).selectByValue("7d");
            waitFor(() -> browser.findElements(By.cssSelector("#chart-active-table tbody tr")).size() == 7);
            assertTrue(browser.findElements(By.cssSelector(".login")).isEmpty(), text("main"));
        } finally {
            KeycloakResource.consoleAccessTokenLifespan(null);
        }
    }

    @Test
    void theChartsFollowTheWindowsWidth() throws IOException {
        signIn(OWNER_A);
        long wide = chartWidth("chart-active");
        try {
            browser.manage().window().setSize(new Dimension(420, 1800));
            waitFor(() -> chartWidth("chart-active") < wide
                    && chartWidth("chart-active") == ((Number) js("return document.querySelector('#chart-active .chart').clientWidth")).longValue());
            assertTrue(chartWidth("chart-active") < 400, String.valueOf(chartWidth("chart-active")));
            assertEquals(js("return document.documentElement.clientWidth"), js("return document.documentElement.scrollWidth"),
                    "nothing is wider than a narrow window");
            assertActivityChart(30);
            // drawn at that width from the start
            signIn(OWNER_A);
            assertEquals(js("return document.querySelector('#chart-active .chart').clientWidth"), chartWidth("chart-active"));
            assertEquals(js("return document.documentElement.clientWidth"), js("return document.documentElement.scrollWidth"));
            shot("owner-dashboard-narrow");
        } finally {
            browser.manage().window().setSize(new Dimension(1400, 1800));
        }
        waitFor(() -> chartWidth("chart-active") == wide);
    }

    @Test
    void theChartsTooltipShowsAPeriodsValues() {
        signIn(OWNER_A);
        int last = ((List<?>) chart("chart-chats").get("labels")).size() - 1;
        js("echarts.getInstanceByDom(document.querySelector('#chart-chats .chart'))"
                + ".dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: arguments[0] })", last);
        waitFor(() -> !browser.findElements(By.cssSelector("#chart-chats .chart-tip")).isEmpty());
        String tip = browser.findElement(By.cssSelector("#chart-chats .chart-tip")).getText();
        String lastPeriod = browser.findElement(By.cssSelector("#chart-chats-table tbody tr:last-child th")).getAttribute("textContent");
        List<String> lastRow = browser.findElements(By.cssSelector("#chart-chats-table tbody tr:last-child td")).stream()
                .map(td -> td.getAttribute("textContent")).toList();
        assertEquals(lastPeriod + "\nChats created: " + lastRow.get(0) + "\nMessages per chat: " + lastRow.get(1), tip);
    }

    /**
     * Signing out at the button leaves the page for Keycloak's logout; a session that Keycloak ended signs the person
     * out on the page itself, which then shows the sign-in instead of the dashboard and disposes its charts.
     */
    @Test
    void aChartLeavingThePageIsDisposed() {
        KeycloakResource.consoleAccessTokenLifespan(Duration.ofSeconds(10));
        try {
            signIn(OWNER_A);
            keepChartInstance();
            KeycloakResource.endSessionsOf(OWNER_A);
            // the next renewal of the token is refused
            waitFor(() -> !browser.findElements(By.cssSelector(".login .error")).isEmpty());
            assertEquals("Your session ended; please sign in again.", text(".login .error"));
            assertTrue(browser.findElements(By.id("activity")).isEmpty());
            waitFor(() -> (Boolean) js("return window.keptChart.isDisposed()"));
        } finally {
            KeycloakResource.consoleAccessTokenLifespan(null);
        }
    }

    @Test
    void withoutTheChartLibraryTheTablesAreShown() {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/console/lib/echarts/*")));
        try {
            signIn(OWNER_A);
            waitFor(() -> browser.findElement(By.id("chart-active-table")).isDisplayed());
            assertFalse(browser.findElement(By.id("chart-active")).isDisplayed());
            assertFalse(browser.findElement(By.cssSelector("#activity .toggle")).isDisplayed());
            assertEquals(30, browser.findElements(By.cssSelector("#chart-active-table tbody tr")).size());
            assertEquals("3", text("#kpi-wau .value"));
        } finally {
            browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
            browser.executeCdpCommand("Network.disable", Map.of());
        }
    }

    @Test
    void aViolationOfTheContentSecurityPolicyIsSeen() {
        signIn(OWNER_A);
        // the watcher itself: an inline style attribute is refused and reported
        js("document.querySelector('#activity-h').setAttribute('style', 'color: red')");
        waitFor(() -> !cspViolations().isEmpty());
        assertTrue(cspViolations().get(0).startsWith("style-src-attr"), cspViolations().toString());
        js("window.cspViolations.length = 0");
    }

    @Test
    void theChartLibraryIsServedFromItsJarVersionedAndCachedForGood() throws IOException {
        String version;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/maven/org.mvnpm/echarts/pom.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            version = properties.getProperty("version");
        }
        var redirect = RestAssured.given().redirects().follow(false).get("/console/lib/echarts/dist/echarts.common.min.js")
                .then().statusCode(302).extract();
        assertEquals("/_static/echarts/" + version + "/dist/echarts.common.min.js", redirect.header("Location"));
        assertEquals("no-cache", redirect.header("Cache-Control"));
        var library = RestAssured.given().header("Accept-Encoding", "gzip").get("/_static/echarts/" + version + "/dist/echarts.common.min.js")
                .then().statusCode(200).extract();
        assertEquals("public, max-age=31536000, immutable", library.header("Cache-Control"));
        assertEquals("gzip", library.header("Content-Encoding"));
        assertEquals("nosniff", library.header("X-Content-Type-Options"));
        assertTrue(library.asString().contains("echarts"));
        RestAssured.given().get("/_static/echarts/" + version + "/dist/no-such-file.js").then().statusCode(404)
                .header("Cache-Control", org.hamcrest.Matchers.not("public, max-age=31536000, immutable"));
        // the console's own files keep their policy
        assertEquals("public, max-age=3600", RestAssured.given().get("/console/charts.js").then().statusCode(200)
                .extract().header("Cache-Control"));
        assertEquals("no-cache", RestAssured.given().get("/").then().statusCode(200).extract().header("Cache-Control"));
    }

    // ------------------------------------------------------------------ the charts

    private static boolean cspWatched;

    /** Every Content-Security-Policy violation of the pages loaded from now on lands in window.cspViolations. */
    @BeforeEach
    void watchContentSecurityPolicy() {
        if (!cspWatched) {
            browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                    window.cspViolations = [];
                    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(
                        `${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
                    """));
            cspWatched = true;
        }
    }

    @AfterEach
    void noContentSecurityPolicyViolation() {
        assertEquals(List.of(), cspViolations());
    }

    @SuppressWarnings("unchecked")
    private List<String> cspViolations() {
        Object seen = js("return window.cspViolations || []");
        return (List<String>) seen;
    }

    /** What the ECharts instance of a chart shows: its series, x-axis labels, aria label and decals. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> chart(String id) {
        String instance = "echarts.getInstanceByDom(document.querySelector('#' + arguments[0] + ' .chart'))";
        waitFor(() -> (Boolean) js("return !!window.echarts && !!" + instance, id));
        return (Map<String, Object>) js("const c = " + instance + "; const o = c.getOption();"
                + "return { series: o.series.map((s) => ({ name: s.name, data: s.data, symbol: s.symbol,"
                + "  line: s.lineStyle.width + ' ' + JSON.stringify(s.lineStyle.type) })),"
                + "  labels: o.xAxis[0].data, decal: [].concat(o.aria)[0].decal.show, aria: c.getDom().getAttribute('aria-label') }",
                id);
    }

    private long chartWidth(String id) {
        chart(id);
        return ((Number) js("return echarts.getInstanceByDom(document.querySelector('#' + arguments[0] + ' .chart')).getWidth()", id))
                .longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> series(Map<String, Object> chart) {
        return (List<Map<String, Object>>) chart.get("series");
    }

    private static List<String> seriesNames(Map<String, Object> chart) {
        return series(chart).stream().map(s -> (String) s.get("name")).toList();
    }

    private static List<Double> numbers(Object values) {
        return ((List<?>) values).stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    /** Every series' data equals its column of the chart's table, period by period. */
    private void assertChartEqualsTable(String id, List<String> names) {
        Map<String, Object> chart = chart(id);
        assertEquals(names, seriesNames(chart));
        List<WebElement> rows = browser.findElements(By.cssSelector("#" + id + "-table tbody tr"));
        assertEquals(rows.size(), ((List<?>) chart.get("labels")).size());
        for (int k = 0; k < names.size(); k++) {
            int column = k;
            List<Double> table = rows.stream().map(tr -> Double.valueOf(tr.findElements(By.tagName("td")).get(column)
                    .getAttribute("textContent").replace(",", ""))).toList();
            assertEquals(table, numbers(series(chart).get(k).get("data")), names.get(k));
        }
    }

    /**
     * DAU, WAU and MAU of company A over the last {@code days} days: its three users were active on one day (today,
     * or yesterday right after midnight), so DAU is 3 on that day and WAU and MAU are 3 from that day on for a week
     * and a month. All three equal on the last day, and yet told apart by symbol and dash.
     */
    private void assertActivityChart(int days) {
        Map<String, Object> chart = chart("chart-active");
        assertChartEqualsTable("chart-active", List.of("Daily active users", "Weekly active users", "Monthly active users"));
        List<Double> dau = numbers(series(chart).get(0).get("data"));
        assertEquals(days, dau.size());
        int day = dau.indexOf(3.0);
        assertTrue(day >= days - 2, dau.toString());
        assertEquals(IntStream.range(0, days).mapToObj(i -> i == day ? 3.0 : 0.0).toList(), dau);
        assertEquals(IntStream.range(0, days).mapToObj(i -> i >= day && i < day + 7 ? 3.0 : 0.0).toList(),
                numbers(series(chart).get(1).get("data")));
        assertEquals(IntStream.range(0, days).mapToObj(i -> i >= day ? 3.0 : 0.0).toList(),
                numbers(series(chart).get(2).get("data")));
        assertEquals(List.of("circle", "rect", "triangle"), series(chart).stream().map(s -> s.get("symbol")).toList());
        assertEquals(List.of("5 \"solid\"", "3 [7,4]", "1.5 [2,3]"), series(chart).stream().map(s -> s.get("line")).toList());
        assertEquals(true, chart.get("decal"));
        String firstPeriod = browser.findElement(By.cssSelector("#chart-active-table tbody th")).getAttribute("textContent");
        assertTrue(chart.get("aria").toString().startsWith("This is a chart about \"DAU, WAU and MAU\". It consists of 3 series count."
                + " The 0 series is a Line chart representing Daily active users."
                + (days > 10 ? "The first 10 items are: " : "The data is as follows: ")
                + "the data for " + firstPeriod + " is " + dau.get(0).intValue() + ", "), chart.get("aria").toString());
    }

    /** Chats created and messages per chat: 2 chats with 7 messages (4 of users, 3 of the assistant) on one day. */
    private void assertChatsChart(int days) {
        Map<String, Object> chart = chart("chart-chats");
        assertChartEqualsTable("chart-chats", List.of("Chats created", "Messages per chat"));
        List<Double> chats = numbers(series(chart).get(0).get("data"));
        int day = chats.indexOf(2.0);
        assertTrue(day >= days - 2, chats.toString());
        assertEquals(IntStream.range(0, days).mapToObj(i -> i == day ? 2.0 : 0.0).toList(), chats);
        assertEquals(IntStream.range(0, days).mapToObj(i -> i == day ? 3.5 : 0.0).toList(),
                numbers(series(chart).get(1).get("data")));
    }

    private void keepChartInstance() {
        chart("chart-active");
        js("window.keptChart = echarts.getInstanceByDom(document.querySelector('#chart-active .chart'))");
    }

    private void assertKeptChartInstanceDisposed() {
        chart("chart-active");
        assertEquals(true, js("return window.keptChart.isDisposed()"), "the chart drawn before is disposed");
        assertEquals(false, js("return window.keptChart === echarts.getInstanceByDom(document.querySelector('#chart-active .chart'))"));
    }

    @Test
    void thePageIsServedWithAStrictContentSecurityPolicy() {
        String csp = RestAssured.given().get("/").then().statusCode(200).extract().header("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self';") && !csp.contains("unsafe"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        // the console's requests may go to the service and to the issuer (discovery, token endpoint) only
        URI issuer = URI.create(KeycloakResource.issuer());
        String issuerOrigin = issuer.getScheme() + "://" + issuer.getRawAuthority();
        assertTrue(csp.contains("connect-src 'self' " + issuerOrigin + ";"), csp);
    }
}
