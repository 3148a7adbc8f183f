package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code bin/kurrentdb-embedded} as a process of its own, on the tests' classpath, with its output line by line. */
final class StandaloneProcess {
    final Process process;
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private StandaloneProcess(Process process) {
        this.process = process;
        // A thread of its own: the client needs the common pool, which has one thread on a 2-core machine.
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            } catch (IOException closed) {
                lines.add("<closed>");
            }
        });
    }

    static StandaloneProcess start(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of("bin/kurrentdb-embedded").toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The test's own classpath is already built; the script builds only when run by hand.
        builder.environment().put("KURRENTDB_EMBEDDED_CLASSPATH", System.getProperty("java.class.path"));
        return new StandaloneProcess(builder.start());
    }

    /** The line announcing it listens, once it comes. */
    String awaitListening() throws InterruptedException {
        String line;
        do {
            line = lines.poll(30, TimeUnit.SECONDS);
            assertThat(line).as("server output before it listens").isNotNull();
        } while (!line.contains("listening"));
        return line;
    }
}
