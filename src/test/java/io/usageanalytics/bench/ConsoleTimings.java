package io.usageanalytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver) against a running service: how
 * soon a person sees the figures after opening the page, and whether drawing them blocks the page. The page marks
 * the moment its figures are on screen ({@code performance.mark('figures-shown')}); the browser's Long Tasks API
 * reports every main-thread task over 50 ms, recorded from before the page's first script.
 */
final class ConsoleTimings implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** A task this long or longer would delay a person's click past a "good" interaction (web.dev's INP, 200 ms). */
    static final double FREEZE_MS = 200;

    private static final String OBSERVER = """
            window.__longTasks = [];
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
            }).observe({ type: 'longtask' });""";

    /**
     * One view: {@code shownMs} from the page's start (or the range switch) to the figures on screen, {@code queryMs}
     * the dashboard's requests and drawing within it, the longest main-thread task and the total blocking time (the
     * sum of every task's time over 50 ms) in that span.
     */
    record View(double shownMs, double queryMs, double longestTaskMs, double blockingMs) {

        String text() {
            return String.format(Locale.ROOT, "%.0f ms (requests and drawing %.0f ms), longest task %.0f ms, "
                    + "blocking %.0f ms", shownMs, queryMs, longestTaskMs, blockingMs);
        }
    }

    private final ChromeDriver browser;
    private final Path profile;
    private final WebDriverWait wait;

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    }

    /** A browser with an empty profile: its first visit loads every asset, later ones find them cached. */
    ConsoleTimings() throws IOException {
        profile = Files.createTempDirectory("bench-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1800",
                "--lang=en-US", "--user-data-dir=" + profile);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
                options);
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", OBSERVER));
        wait = new WebDriverWait(browser, Duration.ofSeconds(120));
    }

    /**
     * Opens the console, signs in (the provider approves at once, as for a person signed in there already) and
     * waits for the figures; measured on the page the provider sends the person back to.
     */
    View open(String base) {
        browser.get(base + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("oidc-login"))).click();
        wait.until(d -> !"".equals(js("return document.body.dataset.firstFiguresMs || ''")) || failed());
        refuseFailure();
        return view(0);
    }

    /** Switches the open dashboard to another range preset ({@code 90d}, ...) and waits for its figures. */
    View range(String preset) {
        Object before = js("return document.body.dataset.loaded");
        double from = number("window.__longTasks = []; return performance.now()");
        new Select(browser.findElement(By.id("range"))).selectByValue(preset);
        wait.until(d -> !before.equals(js("return document.body.dataset.loaded")) || failed());
        refuseFailure();
        return view(from);
    }

    /** How many points the activity chart draws (a check that the range was applied). */
    int points() {
        return ((Number) js("return document.querySelectorAll('#chart-active-table tbody tr').length")).intValue();
    }

    /**
     * The open page's requests since its start, one line each: when each started and ended, and what it was; then
     * the {@code figures-shown} mark.
     */
    String timeline() {
        @SuppressWarnings("unchecked")
        List<List<Object>> entries = (List<List<Object>>) js("""
                return performance.getEntriesByType('resource')
                  .map((e) => [e.startTime, e.responseEnd, e.initiatorType, e.name.replace(location.origin, '')
                    + e.serverTiming.map((t) => ` (service ${Math.round(t.duration)} ms)`).join('')])
                  .concat([[performance.getEntriesByName('figures-shown').at(-1).startTime, 0, 'mark',
                    'figures-shown']])""");
        StringBuilder text = new StringBuilder();
        for (List<Object> e : entries) {
            double start = ((Number) e.get(0)).doubleValue();
            double end = ((Number) e.get(1)).doubleValue();
            String name = String.valueOf(e.get(3));
            text.append(String.format(Locale.ROOT, "%6.0f %6s  %-14s %s%n", start,
                    end > 0 ? String.format(Locale.ROOT, "%.0f", end) : "", e.get(2),
                    name.length() > 90 ? name.substring(0, 90) + "…" : name));
        }
        return text.toString().stripTrailing();
    }

    /** The view since {@code from} up to the last {@code figures-shown} mark, with the page's own measure of its requests. */
    private View view(double from) {
        double shown = number("return performance.getEntriesByName('figures-shown').at(-1).startTime");
        double query = number("return Number(document.body.dataset.firstFiguresMs)");
        double longest = 0;
        double blocking = 0;
        @SuppressWarnings("unchecked")
        List<List<Number>> tasks = (List<List<Number>>) js("return window.__longTasks || []");
        for (List<Number> task : tasks) {
            double start = task.get(0).doubleValue();
            double duration = task.get(1).doubleValue();
            if (start + duration >= from && start <= shown) {
                longest = Math.max(longest, duration);
                blocking += Math.max(0, duration - 50);
            }
        }
        return new View(shown - from, query, longest, blocking);
    }

    private boolean failed() {
        return !browser.findElements(By.cssSelector("#main .error")).isEmpty();
    }

    private void refuseFailure() {
        if (failed()) {
            throw new IllegalStateException("the console showed an error: "
                    + browser.findElement(By.cssSelector("#main .error")).getText());
        }
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private double number(String script) {
        return ((Number) js(script)).doubleValue();
    }

    @Override
    public void close() throws IOException {
        browser.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
