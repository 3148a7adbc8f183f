package dev.orderlog.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's, driven by its ChromeDriver) on the console of the running test application.
 * The first use installs both with {@code bin/install-browser} when they are missing, so a fresh machine needs no
 * step of its own. Screenshots go to {@code target/console-screenshots/}.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Dimension LAPTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static boolean installed;

    private final ChromeDriver driver;
    private final Path profile;

    private ConsoleBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static ConsoleBrowser open() throws IOException, InterruptedException {
        installOnce();
        Path profile = Files.createTempDirectory("console-browser");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The flags this machine needs: no sandbox as root, and nothing that reaches out to the (closed) network.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(LAPTOP);
        return new ConsoleBrowser(driver, profile);
    }

    private static synchronized void installOnce() throws IOException, InterruptedException {
        if (installed) {
            return;
        }
        Process install = new ProcessBuilder("bin/install-browser").inheritIO().start();
        boolean finished = install.waitFor(20, TimeUnit.MINUTES);
        assertThat(finished && install.exitValue() == 0)
                .as("bin/install-browser installed chromium and chromium-driver")
                .isTrue();
        installed = true;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The application under test, as Quarkus points RestAssured at it once started. */
    private static String base() {
        return "http://localhost:" + RestAssured.port;
    }

    void go(String path) {
        driver.get(base() + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(base().length());
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Scrolls the page so that the element is at the top of the window. */
    void scrollTo(String css) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView(true)", find(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    WebDriverWait waitUpTo(Duration duration) {
        // A region that refreshes itself may replace an element between finding and reading it.
        WebDriverWait wait = new WebDriverWait(driver, duration, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Signs in through the page with the keyboard alone: the name field has focus, Tab to the password, Enter to send. */
    void signIn(String user, String password) {
        go("/console/sign-in");
        WebElement focused = waitUpTo(Duration.ofSeconds(10)).until(page -> {
            WebElement active = driver.switchTo().activeElement();
            return "username".equals(active.getAttribute("id")) ? active : null;
        });
        focused.sendKeys(user, Keys.TAB);
        driver.switchTo().activeElement().sendKeys(password, Keys.ENTER);
    }

    /** Marks the loaded page, so a test can tell that it was updated in place rather than loaded again. */
    void markPage() {
        ((JavascriptExecutor) driver).executeScript("window.consoleTestMark = 'unchanged';");
    }

    boolean stillTheMarkedPage() {
        return "unchanged".equals(((JavascriptExecutor) driver).executeScript("return window.consoleTestMark;"));
    }

    /**
     * What sticks out of the window's width, so the page would need scrolling sideways; wide tables scroll within
     * their own frame, so what is inside one does not count.
     */
    @SuppressWarnings("unchecked")
    List<String> widerThanTheWindow() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("""
                return Array.from(document.body.querySelectorAll('*'))
                    .filter(e => !e.closest('.table-wrap') && !e.closest('.skip') && e.getBoundingClientRect().right > window.innerWidth + 1)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''));""");
    }

    /** The ids (or names) of the page's visible form controls that have no label. */
    @SuppressWarnings("unchecked")
    List<String> unlabelledControls() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("""
                return Array.from(document.querySelectorAll('input, textarea, select'))
                    .filter(c => c.type !== 'hidden' && c.labels.length === 0 && !c.getAttribute('aria-label'))
                    .map(c => c.id || c.name);""");
    }

    void resize(Dimension size) {
        driver.manage().window().setSize(size);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
