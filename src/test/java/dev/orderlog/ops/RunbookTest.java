package dev.orderlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/runbook.md stays true to the code: every scenario row names tests that exist (a test class, or a test method of
 * one), and every alert's runbook link lands on a section of it.
 */
class RunbookTest {
    private static final Path RUNBOOK = Path.of("docs/runbook.md");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| \\[[^]]+]\\(#[a-z-]+\\) \\|.*\\|([^|]*)\\|$");
    private static final Pattern NAMED_TEST = Pattern.compile("`([A-Z][A-Za-z]+(?:Test|IT))(?:\\.([a-z][A-Za-z]+))?`");
    private static final Pattern RUNBOOK_LINK = Pattern.compile("runbook\\.md#([a-z-]+)");

    @Test
    void everyScenarioNamesTestsThatExist() throws IOException {
        Map<String, Path> testClasses = testClasses();
        String runbook = Files.readString(RUNBOOK);
        Matcher row = ROW.matcher(runbook);
        List<String> missing = new ArrayList<>();
        int rows = 0;
        while (row.find()) {
            rows++;
            Matcher named = NAMED_TEST.matcher(row.group(1));
            assertThat(named.find()).as("a test named in: " + row.group()).isTrue();
            do {
                Optional<Path> source = Optional.ofNullable(testClasses.get(named.group(1)));
                String method = named.group(2);
                if (source.isEmpty() || (method != null && !declaresTest(source.get(), method))) {
                    missing.add(named.group());
                }
            } while (named.find());
        }
        assertThat(rows).as("scenario rows").isGreaterThanOrEqualTo(10);
        assertThat(missing).as("tests the runbook names but the suite lacks").isEmpty();
    }

    @Test
    void everyAlertLinksToASectionOfTheRunbook() throws IOException {
        Set<String> sections = Files.readAllLines(RUNBOOK).stream()
                .filter(line -> line.startsWith("## "))
                .map(line -> line.substring(3)
                        .strip()
                        .toLowerCase()
                        .replaceAll("[^a-z0-9 -]", "")
                        .replace(' ', '-'))
                .collect(Collectors.toSet());
        Matcher link = RUNBOOK_LINK.matcher(Files.readString(Path.of("k8s/orderlog-alerts.yaml")));
        List<String> anchors = new ArrayList<>();
        while (link.find()) {
            anchors.add(link.group(1));
        }
        assertThat(anchors).isNotEmpty();
        assertThat(sections).containsAll(anchors);
    }

    private static boolean declaresTest(Path source, String method) {
        try {
            return Pattern.compile("@Test\\s+(?:@\\w+(?:\\([^)]*\\))?\\s+)*void " + method + "\\(")
                    .matcher(Files.readString(source))
                    .find();
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static Map<String, Path> testClasses() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .collect(Collectors.toMap(
                            file -> file.getFileName().toString().replace(".java", ""),
                            file -> file,
                            (first, second) -> first));
        }
    }
}
