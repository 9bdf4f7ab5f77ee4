//DEPS org.seleniumhq.selenium:selenium-java:4.52.0
package livefeed.webui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import livefeed.dashboard.DashboardFile;
import livefeed.testsupport.LiveFeedStack;
import livefeed.testsupport.OpsCopy;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard page in a real browser (Debian's chromium driven by its chromedriver through Selenium, never a
 * downloaded one), on a real Prometheus fed by a real connector with two venues: all six panels draw series, the
 * venue variable narrows them and the symbol variable follows, the firing alerts show above the panels, a panel added
 * to the JSON appears with no code change and an unsupported type is a box that says so. Saves a screenshot.
 * Skipped, with the reason, where chromium or chromedriver is missing.
 */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class DashboardPageTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LIVEFEED_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("LIVEFEED_CHROMEDRIVER", "/usr/bin/chromedriver"));

    @TempDir
    static Path dir;

    static LiveFeedStack stack;
    static DashboardServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (apt-get install chromium, or set LIVEFEED_CHROMIUM)");
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER), "no chromedriver at " + CHROMEDRIVER + " (apt-get install chromium-driver, or set LIVEFEED_CHROMEDRIVER)");
        stack = LiveFeedStack.start(dir);
        stack.awaitSeries(List.of("venue_symbol:feed_bars:rate1m{venue=\"binance\"}", "venue_symbol:feed_bars:rate1m{venue=\"sim\"}",
                "venue:feed_transport_latency_seconds:p99_5m", "feature:feed_feature_latency_seconds:p95_5m",
                ":feed_queue_depth:max5m", "venue:feed_reconnects:increase5m", "venue_symbol:feed_bar_close_lag_seconds:max5m"),
                Duration.ofSeconds(90));
        server = DashboardServer.start(Project.root().resolve("ops/grafana/dashboards/livefeed.json"), stack.prometheusUrl(),
                "127.0.0.1", 0, Project.root().resolve("livefeed/webui/page"));
        // The system's driver, given explicitly: Selenium Manager is never asked to find or fetch one.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1600,1100",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void six_panels_draw_live_series_and_follow_the_venue() throws Exception {
        browser.get(server.url());
        await("all six panels drawing series with points: " + panelStates()).atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
                () -> panelStates().values().stream().filter("ok"::equals).count() == 6
                        && panelStates().keySet().stream().allMatch(id -> points(id) > 0));
        assertEquals(6, browser.findElements(By.cssSelector(".panel canvas")).size() / Math.max(1,
                browser.findElements(By.cssSelector(".panel[data-panel-id='1'] canvas")).size()), "one chart per panel");
        assertTrue(labels(1).containsAll(List.of("binance", "sim")), () -> "panel 1 with both venues: " + labels(1));
        await("Watchdog over the panels").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> !browser.findElements(By.cssSelector("#alerts .alert[data-alertname='Watchdog']")).isEmpty());
        Path shot = screenshot("dashboard-all-venues.png");

        choose("venue", "binance");
        await("panels narrowed to binance: " + labels(1) + " / " + labels(2)).atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> labels(1).equals(List.of("binance")) && !labels(2).isEmpty()
                        && labels(2).stream().allMatch(l -> l.startsWith("binance ")));
        List<String> symbols = new Select(browser.findElement(By.id("var-symbol"))).getOptions().stream()
                .map(o -> o.getAttribute("value")).toList();
        assertEquals(List.of("$__all", "BTCUSDT", "ETHUSDT"), symbols, "the symbol variable follows the venue");

        choose("venue", "sim");
        await("panels narrowed to sim: " + labels(2)).atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> labels(1).equals(List.of("sim")) && labels(2).size() == 3
                        && labels(2).stream().allMatch(l -> l.startsWith("sim ")));
        choose("symbol", "SOLUSDT");
        await("panel 2 narrowed to sim SOLUSDT: " + labels(2)).atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> labels(2).equals(List.of("sim SOLUSDT")));

        new Select(browser.findElement(By.id("range"))).selectByValue("900");
        await("every panel redrawn over 15 minutes: " + panelStates()).atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> panelStates().values().stream().allMatch("ok"::equals));
        System.out.println("screenshots: " + shot + " and " + screenshot("dashboard-sim-SOLUSDT-15m.png"));
    }

    @Test
    void a_panel_added_to_the_json_appears_and_an_unsupported_type_says_so() throws Exception {
        Path ops = OpsCopy.of(dir.resolve("copy"));
        Path file = ops.resolve("grafana/dashboards/livefeed.json");
        String json = Files.readString(file);
        String added = """
                  "panels": [
                    {"id": 7, "type": "timeseries", "title": "Trades per second", "gridPos": {"h": 8, "w": 12, "x": 0, "y": 24},
                     "datasource": {"type": "prometheus", "uid": "livefeed-prometheus"},
                     "fieldConfig": {"defaults": {"unit": "short"}, "overrides": []},
                     "targets": [{"refId": "A", "expr": "sum by (venue) (rate(feed_trades_total{venue=~\\"$venue\\"}[1m]))", "legendFormat": "{{venue}}"}]},
                    {"id": 8, "type": "stat", "title": "Connected venues", "gridPos": {"h": 8, "w": 12, "x": 12, "y": 24},
                     "targets": [{"refId": "A", "expr": "sum(feed_connected)"}]},
                """;
        Files.writeString(file, json.replaceFirst("\"panels\": \\[", java.util.regex.Matcher.quoteReplacement(added.strip())));
        assertEquals(8, DashboardFile.load(file).panels().size(), "the copy has eight panels");
        try (DashboardServer copy = DashboardServer.start(file, stack.prometheusUrl(), "127.0.0.1", 0,
                Project.root().resolve("livefeed/webui/page"))) {
            browser.get(copy.url());
            await("seven panels drawing, one unsupported: " + panelStates()).atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
                    () -> panelStates().values().stream().filter("ok"::equals).count() == 7
                            && "unsupported".equals(panelStates().get("8")));
            assertTrue(labels(7).containsAll(List.of("binance", "sim")), () -> "the added panel: " + labels(7));
            String box = browser.findElement(By.cssSelector(".panel[data-panel-id='8']")).getText();
            assertTrue(box.contains("Panel type 'stat' is not drawn here"), box);
        }
    }

    private static Map<String, String> panelStates() {
        Map<String, String> states = new java.util.TreeMap<>();
        for (WebElement panel : browser.findElements(By.cssSelector(".panel"))) {
            states.put(panel.getAttribute("data-panel-id"), panel.getAttribute("data-state"));
        }
        return states;
    }

    /** The non-empty points the panel drew, over all its series. */
    private static int points(String panel) {
        String n = browser.findElement(By.cssSelector(".panel[data-panel-id='" + panel + "']")).getAttribute("data-points");
        return n == null ? 0 : Integer.parseInt(n);
    }

    private static List<String> labels(int panel) {
        List<WebElement> found = browser.findElements(By.cssSelector(".panel[data-panel-id='" + panel + "']"));
        String json = found.isEmpty() ? null : found.get(0).getAttribute("data-series-labels");
        if (json == null) {
            return List.of();
        }
        try {
            return List.of(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String[].class));
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    private static void choose(String variable, String value) {
        Select select = new Select(browser.findElement(By.id("var-" + variable)));
        await("option " + value + " of " + variable).atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                () -> select.getOptions().stream().anyMatch(o -> value.equals(o.getAttribute("value"))));
        if (select.isMultiple()) {
            select.deselectAll();
        }
        select.selectByValue(value);
    }

    private static Path screenshot(String name) throws Exception {
        Path out = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "livefeed-dashboard-test")).resolve(name);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out;
    }
}
