package io.usageanalytics.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.usageanalytics.support.Api;
import io.usageanalytics.support.Events;
import io.usageanalytics.support.TestTokens;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver) against the running service,
 * its PostgreSQL and real signed tokens. The fixture below is the only data of its companies, so every number on
 * screen is known. Screenshots of each view are written to docs/console/.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("docs/console");
    private static final String A = "console-a";
    private static final String B = "console-b";
    /** The company the live test sends events for, so that the others' numbers stay those of the fixture. */
    private static final String C = "console-c";

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
    void fixture() {
        if (companyExists(A)) {
            return;
        }
        Api.createCompany(A, "Europe/Berlin", 20, true);
        Api.createCompany(B, "UTC", 5, false);
        Api.createCompany(C, "UTC", 5, false);
        Instant at = Instant.now().minusSeconds(600);
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
        Api.postEvents(TestTokens.writer("*"), events.json()).statusCode(200);
    }

    private static boolean companyExists(String id) {
        return Api.graphql(TestTokens.admin(), "{ company(id: \"" + id + "\") { id } }").extract()
                .jsonPath().getString("data.company.id") != null;
    }

    private void signIn(String token) {
        browser.get(console.toString());
        waitFor(() -> (Boolean) js("return !!(window.usageConsole && document.querySelector('#dev-login, #oidc-login, .login'))"));
        String before = loadedMark();
        js("window.usageConsole.useToken(arguments[0])", token);
        waitFor(() -> !loadedMark().equals(before) || !browser.findElements(By.cssSelector(".login .error")).isEmpty());
    }

    private String loadedMark() {
        Object mark = js("return document.body.dataset.loaded || ''");
        return String.valueOf(mark);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void waitFor(java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> condition.get());
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
        signIn(TestTokens.owner(A));
        assertTrue(text("#meta").contains("Europe/Berlin"), text("#meta"));
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
        signIn(TestTokens.owner(A));
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
        signIn(TestTokens.owner(A));
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
        signIn(TestTokens.owner(C));
        String users = row("telemetry-counts", "Users");
        waitFor(() -> "on".equals(js("return document.body.dataset.live")));
        String before = loadedMark();
        keepChartInstance();
        Api.postEvents(TestTokens.writer(C), Events.batch()
                .add(C, Instant.now().minusSeconds(60), "USER_ACTIVE", "userId", "u-live-" + System.nanoTime()).json())
                .statusCode(200);
        waitFor(() -> !loadedMark().equals(before));
        assertEquals(Integer.parseInt(users) + 1, Integer.parseInt(row("telemetry-counts", "Users")));
        assertKeptChartInstanceDisposed();
    }

    @Test
    void aPartnerChoosesAmongItsCompaniesOnly() throws IOException {
        signIn(TestTokens.partner(A, B));
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
        signIn(TestTokens.admin());
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
        signIn(TestTokens.writer(A));
        assertTrue(browser.findElement(By.cssSelector(".login .error")).getText().contains("may not read"));
        assertTrue(browser.findElements(By.id("activity")).isEmpty());
    }

    @Test
    void theChartsFollowTheWindowsWidth() throws IOException {
        signIn(TestTokens.owner(A));
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
            signIn(TestTokens.owner(A));
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
        signIn(TestTokens.owner(A));
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

    @Test
    void aChartLeavingThePageIsDisposed() {
        signIn(TestTokens.owner(A));
        keepChartInstance();
        browser.findElement(By.id("logout")).click();
        waitFor(() -> (Boolean) js("return window.keptChart.isDisposed()"));
    }

    @Test
    void withoutTheChartLibraryTheTablesAreShown() {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/console/lib/echarts/*")));
        try {
            signIn(TestTokens.owner(A));
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
        signIn(TestTokens.owner(A));
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
    }
}
