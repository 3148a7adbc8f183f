package dev.orderlog.bench;

import dev.orderlog.devservices.EmbeddedPostgresql;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL for the packaged service under benchmark, which carries no embedded PostgreSQL: prints the settings
 * that reach it as one line of -D options, then runs until it is stopped.
 */
public final class BenchPostgresql {
    public static void main(String[] args) throws Exception {
        List<String> options = new ArrayList<>();
        EmbeddedPostgresql.start().forEach((key, value) -> options.add("-D" + key + "=" + value));
        System.out.println(String.join(" ", options));
        System.out.flush();
        Thread.currentThread().join();
    }
}
