package dev.orderlog.platform.console;

import dev.orderlog.platform.web.Roles;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code bin/operator}: adds, changes and removes console operators in the service's database, which it finds as the
 * service does ({@code QUARKUS_DATASOURCE_JDBC_URL}, {@code _USERNAME}, {@code _PASSWORD}). The password is asked twice
 * on the terminal, or read as one line from standard input with {@code --password-stdin}, and stored only as bcrypt.
 */
public final class OperatorCommand {
    private static final String USAGE = """
            usage: bin/operator add NAME [--role admin|warehouse] [--password-stdin]
                   bin/operator remove NAME
            The database is the service's: QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME, QUARKUS_DATASOURCE_PASSWORD.""";
    private static final int MINIMUM_PASSWORD_LENGTH = 12;

    private OperatorCommand() {}

    public static void main(String[] arguments) {
        System.exit(run(List.of(arguments), System.getenv(), System.out, System.err));
    }

    static int run(List<String> arguments, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (arguments.size() < 2) {
            err.println(USAGE);
            return 2;
        }
        String jdbcUrl = environment.get("QUARKUS_DATASOURCE_JDBC_URL");
        if (jdbcUrl == null) {
            err.println("QUARKUS_DATASOURCE_JDBC_URL is not set: it names the service's database.\n" + USAGE);
            return 2;
        }
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(jdbcUrl);
        database.setUser(environment.get("QUARKUS_DATASOURCE_USERNAME"));
        database.setPassword(environment.get("QUARKUS_DATASOURCE_PASSWORD"));
        OperatorAccounts accounts = new OperatorAccounts(database);
        String name = arguments.get(1);
        try {
            switch (arguments.get(0)) {
                case "add" -> {
                    Operator operator =
                            new Operator(name, option(arguments, "--role").orElse(Roles.ADMIN));
                    char[] password =
                            arguments.contains("--password-stdin") ? firstLineOfStandardInput() : askTwice(name);
                    try {
                        if (password.length < MINIMUM_PASSWORD_LENGTH) {
                            err.println("A password has at least " + MINIMUM_PASSWORD_LENGTH + " characters.");
                            return 2;
                        }
                        accounts.save(operator, password);
                    } finally {
                        Arrays.fill(password, '\0');
                    }
                    out.printf(
                            "Operator %s (%s) saved, the password as bcrypt with cost %d.%n",
                            operator.name(), operator.role(), OperatorPasswords.COST);
                    return 0;
                }
                case "remove" -> {
                    out.println(
                            accounts.remove(name)
                                    ? "Operator " + name + " removed."
                                    : "There is no operator " + name + ".");
                    return 0;
                }
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
        } catch (IllegalArgumentException refused) {
            err.println(refused.getMessage());
            return 2;
        } catch (SQLException | IOException failed) {
            err.println("Could not save to " + jdbcUrl + ": " + failed.getMessage());
            return 1;
        }
    }

    private static Optional<String> option(List<String> arguments, String flag) {
        int at = arguments.indexOf(flag);
        if (at < 0) {
            return Optional.empty();
        }
        if (at + 1 >= arguments.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return Optional.of(arguments.get(at + 1));
    }

    private static char[] firstLineOfStandardInput() throws IOException {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalArgumentException("No password on standard input");
        }
        return line.toCharArray();
    }

    private static char[] askTwice(String name) {
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("No terminal to ask the password on: give it with --password-stdin");
        }
        char[] first = console.readPassword("Password for %s: ", name);
        char[] second = console.readPassword("The same again: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            throw new IllegalArgumentException("The two passwords differ; nothing saved.");
        }
        Arrays.fill(second, '\0');
        return first;
    }
}
