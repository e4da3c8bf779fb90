// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.promote.Pipeline;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.Headers;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.Sites;
import io.github.releasechannels.testing.TestHttpsServer;
import io.github.releasechannels.testing.TestHttpsServer.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The status page in a real browser: Debian's headless Chromium driven through chromedriver, reading the page from
 * a plain-http server on 127.0.0.1 with every other host unresolvable, as on an air-gapped network.
 */
@RealServer
class StatusPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String CHANNELS = """
            channels:
              current: {version: 14.2.1, critical: false}
              stable/cloud: {version: v14.3.0, critical: true}
            maintenance:
              utc_start_hour: 2
              weekdays: [Mon, wed, FRIDAY]
            """;

    @TempDir
    static Path profile;

    private static ChromeDriverService service;
    private static ChromeDriver browser;
    private TestHttpsServer server;

    /** Why the browser cannot run here, when it cannot. */
    private static String missing;

    @BeforeAll
    static void startBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            missing = "The status page is tested in Chromium, and " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: install them with 'apt-get update && apt-get install -y chromium chromium-driver'"
                    + " (the line .ci/run runs)";
            // CI installs the browser, so there it must run; a newcomer with only a JDK is told, not failed.
            if (System.getenv("CI") != null) {
                fail(missing);
            }
            // Each test is reported skipped with the hint (aborting here would report no test at all), and the
            // console, which does not print why a test was skipped, gets the hint once.
            System.err.println("StatusPageBrowserTest skipped: " + missing);
            return;
        }
        // Explicit paths: Selenium Manager must never try to download a browser or a driver.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--hide-scrollbars",
                        "--user-data-dir=" + profile,
                        // Air-gapped: no name but the loopback test server resolves.
                        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @BeforeEach
    void startServer() throws Exception {
        Assumptions.assumeTrue(missing == null, missing);
        server = TestHttpsServer.plainHttp();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    /** Serves every file of the site with the headers a publish gives it, and opens the page. */
    private void open(Site site, Dimension window) {
        HeaderPolicy policy = HeaderPolicy.defaults();
        for (SiteFile file : site.files()) {
            Headers headers = policy.headersFor(file);
            server.on(
                    file.path(),
                    new Reply(
                            200,
                            file.content(),
                            Map.of("Content-Type", headers.contentType(), "Cache-Control", headers.cacheControl()),
                            Duration.ZERO));
        }
        browser.manage().window().setSize(window);
        browser.get(server.baseUrl() + "/" + SiteLayout.INDEX_FILE);
    }

    private static Site site() throws Exception {
        return new SiteRenderer()
                .render(
                        new ChannelsFileParser().parse(CHANNELS.getBytes(StandardCharsets.UTF_8), "channels.yaml"),
                        new Source("channels.yaml", Optional.of(Sites.COMMIT), Optional.of(Sites.COMMIT_TIME), false),
                        Optional.of(BaseUrl.parse("https://updates.example.com/teleport", false)));
    }

    @Test
    void showsEveryChannelTheWindowTheSourceAndTheAgentSettings() throws Exception {
        open(site(), new Dimension(1100, 900));

        String text = browser.findElement(By.tagName("body")).getText();
        assertEquals("Teleport release channels", browser.getTitle());
        for (String expected : List.of(
                "current",
                "14.2.1",
                "stable/cloud",
                "14.3.0",
                "CRITICAL agents update at once, outside the maintenance window",
                "Monday, Wednesday, Friday 02:00\u201303:00 UTC",
                Sites.COMMIT,
                "2024-05-14 09:30:00 UTC",
                "curl --proto '=https' --tlsv1.2 -sSf https://updates.example.com/teleport/stable/cloud/version",
                "updates.example.com/teleport/stable/cloud",
                "echo 'updates.example.com/teleport/current' | sudo tee /etc/teleport-upgrade.d/endpoint",
                "--set updater.versionServer=https://updates.example.com/teleport "
                        + "--set updater.releaseChannel=stable/cloud")) {
            assertTrue(text.contains(expected), "the page shows '" + expected + "':\n" + text);
        }
        WebElement criticalRow = browser.findElement(By.cssSelector("tr.critical"));
        assertTrue(criticalRow.getText().startsWith("stable/cloud 14.3.0 CRITICAL"), criticalRow.getText());
        // The inline style is applied, so the marker is the red label, not plain text: the CSP allows the style.
        assertEquals(
                "rgba(179, 38, 30, 1)",
                browser.findElement(By.cssSelector("tr.critical .marker")).getCssValue("background-color"));

        screenshot(Path.of("target/status-page.png"));
    }

    @Test
    void loadsNothingButItselfAndRunsNoScript() throws Exception {
        open(site(), new Dimension(1100, 900));

        assertEquals(List.of(), browser.findElements(By.tagName("script")), "no script element");
        for (WebElement element : browser.findElements(By.cssSelector("[src], [href]"))) {
            String reference =
                    Optional.ofNullable(element.getDomAttribute("src")).orElse(element.getDomAttribute("href"));
            assertTrue(
                    !reference.contains(":") || reference.equals("data:,"),
                    "only links within the site: " + element.getTagName() + " " + reference);
        }
        Object resources = ((JavascriptExecutor) browser)
                .executeScript("return performance.getEntriesByType('resource').map(entry => entry.name)");
        assertEquals(List.of(), resources, "no style sheet, font, image or script fetched");
        assertEquals(
                List.of("/" + SiteLayout.INDEX_FILE),
                server.requests().stream().map(TestHttpsServer.Request::path).toList(),
                "the browser asked for the page and nothing else (no /favicon.ico)");
    }

    @Test
    void fitsAPhoneScreenWithoutScrollingSideways() throws Exception {
        open(site(), new Dimension(390, 844));

        long overflow = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0, overflow, "the page is as wide as the phone's screen");
        assertTrue(browser.findElement(By.tagName("body"))
                .getText()
                .contains("Monday, Wednesday, Friday 02:00\u201303:00 UTC"));
        screenshot(Path.of("target/status-page-phone.png"));
    }

    /**
     * The promotion pipeline with its history on a phone: each stage's row readable, nothing wider than the screen,
     * and the hostile hold reason shown as text, not as an element.
     */
    @Test
    void thePipelineWithItsHistoryFitsAPhoneAndShowsAHostileHoldAsText() throws Exception {
        String yaml = """
                channels:
                  canary: {version: 17.3.0}
                  current: {version: 17.2.1, promote: {from: canary, after: 48h}}
                  edge: {version: 18.0.0, hold: "::error::forged <img src=x> crash on arm64, see INC-4711"}
                  beta: {version: 17.2.0, promote: {from: edge, after: 1d}}
                freezes:
                  - {from: 2026-12-18, until: 2027-01-04, reason: year-end change freeze}
                """;
        ChannelsConfig config = new ChannelsFileParser().parse(yaml.getBytes(StandardCharsets.UTF_8), "channels.yaml");
        Pipeline pipeline = Sites.canaryServedSince(config, Instant.parse("2026-12-07T10:00:00Z"));
        Site site = new SiteRenderer()
                .render(
                        config,
                        new Source("channels.yaml", Optional.of(Sites.COMMIT), Optional.of(Sites.COMMIT_TIME), false),
                        Optional.of(BaseUrl.parse("https://updates.example.com/teleport", false)),
                        true,
                        Optional.of(pipeline.state()));
        open(site, new Dimension(390, 844));

        long overflow = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0, overflow, "the page is as wide as the phone's screen");
        String text = browser.findElement(By.tagName("body")).getText();
        assertTrue(text.contains("Where each stage stands"), text);
        assertTrue(text.contains("edge is held: ::error::forged <img src=x> crash on arm64, see INC-4711"), text);
        assertEquals(List.of(), browser.findElements(By.tagName("img")), "the hold's reason made no element");
        List<WebElement> times = browser.findElements(By.tagName("time"));
        assertEquals(
                List.of("2026-12-07T10:00:00Z", "2026-12-09T10:00:00Z"),
                times.stream().map(time -> time.getDomAttribute("datetime")).toList(),
                "since when and when due, readable by the browser");
        screenshot(Path.of("target/status-page-pipeline-phone.png"));
    }

    @Test
    void aHundredThousandChannelsOpenAsAPageOfTheFirstWithASummaryAndTheFullListLinked() throws Exception {
        Site site = new SiteRenderer()
                .render(
                        new ChannelsFileParser()
                                .parse(Sites.manyChannels(100_000).getBytes(StandardCharsets.UTF_8), "channels.yaml"),
                        new Source("channels.yaml", Optional.of(Sites.COMMIT), Optional.of(Sites.COMMIT_TIME), false),
                        Optional.of(BaseUrl.parse("https://updates.example.com/teleport", false)));
        // The page and the manifest it links; the 200,000 channel files are not needed to read it.
        HeaderPolicy policy = HeaderPolicy.defaults();
        for (String path : List.of(SiteLayout.INDEX_FILE, SiteLayout.MANIFEST_FILE)) {
            SiteFile file = site.file(path).orElseThrow();
            server.on(
                    path,
                    new Reply(
                            200,
                            file.content(),
                            Map.of("Content-Type", policy.headersFor(file).contentType()),
                            Duration.ZERO));
        }
        browser.manage().window().setSize(new Dimension(1100, 900));
        browser.get(server.baseUrl() + "/" + SiteLayout.INDEX_FILE);

        assertEquals("Teleport release channels", browser.getTitle());
        assertEquals(
                StatusPage.MAX_LISTED_CHANNELS,
                browser.findElements(By.cssSelector("tbody tr")).size());
        WebElement summary = browser.findElement(By.cssSelector("p.summary"));
        assertTrue(
                summary.getText()
                        .startsWith("100,000 channels, 7,693 of them critical. This page lists the "
                                + "first 500 by name; the other 99,500 (7,654 critical) are in release-channels.json"),
                summary.getText());
        String fullList = summary.findElement(By.tagName("a")).getDomProperty("href");
        assertEquals(server.baseUrl() + "/" + SiteLayout.MANIFEST_FILE, fullList);
        assertTrue(
                browser.findElement(By.tagName("body"))
                        .getText()
                        .contains("--set updater.versionServer=https://updates.example.com/teleport "
                                + "--set updater.releaseChannel=fleet-000499"),
                "agent settings of the listed channels");
    }

    /** The whole page, not only the window: the window is made as tall as the page first. */
    private static void screenshot(Path file) throws Exception {
        long height =
                (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(size.getWidth(), (int) height + 200));
        Files.createDirectories(file.getParent());
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    }
}
