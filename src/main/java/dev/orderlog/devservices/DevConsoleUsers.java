package dev.orderlog.devservices;

import dev.orderlog.platform.console.Operator;
import dev.orderlog.platform.console.OperatorAccounts;
import dev.orderlog.platform.web.Roles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The console's accounts in dev and test: {@code operator} (admin) and {@code clerk} (warehouse, to see a non-admin
 * refused), each with a random password made once per working copy and kept in {@code target/orderlog-dev/console/}
 * (readable by its owner only), and the key the console's session cookies are encrypted with. {@link DevOperators} adds
 * them to the database at start. Production adds its own operators with {@code bin/operator} and configures its key.
 */
public final class DevConsoleUsers {
    public static final String OPERATOR = "operator";
    public static final String CLERK = "clerk";
    private static final List<Operator> ACCOUNTS =
            List.of(new Operator(OPERATOR, Roles.ADMIN), new Operator(CLERK, Roles.WAREHOUSE));
    static final Path DEFAULT_DIRECTORY = Path.of("target", "orderlog-dev", "console");
    static final String SESSION_KEY = "orderlog.console.session-key";

    private final Path directory;

    private DevConsoleUsers(Path directory) {
        this.directory = directory;
    }

    /** The accounts of this working copy, their passwords made if missing. */
    public static DevConsoleUsers ofWorkingCopy() throws IOException {
        return in(DEFAULT_DIRECTORY);
    }

    static synchronized DevConsoleUsers in(Path directory) throws IOException {
        DevConsoleUsers users = new DevConsoleUsers(directory.toAbsolutePath());
        Files.createDirectories(users.directory);
        try (FileChannel lockFile = FileChannel.open(
                        users.directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            for (Operator account : ACCOUNTS) {
                if (!Files.exists(users.passwordFile(account.name()))) {
                    users.writeSecret(
                            users.passwordFile(account.name()),
                            24,
                            Base64.getUrlEncoder().withoutPadding());
                }
            }
            if (!Files.exists(users.sessionKeyFile())) {
                users.writeSecret(users.sessionKeyFile(), 32, Base64.getEncoder());
            }
        }
        return users;
    }

    public Path passwordFile(String user) {
        return directory.resolve(user + ".password");
    }

    public String password(String user) throws IOException {
        return Files.readString(passwordFile(user), StandardCharsets.UTF_8).strip();
    }

    Path sessionKeyFile() {
        return directory.resolve("session.key");
    }

    /** What the console's session cookies are encrypted with: kept, so a restart of dev mode keeps operators signed in. */
    Map<String, String> sessionSettings() throws IOException {
        return Map.of(
                SESSION_KEY,
                Files.readString(sessionKeyFile(), StandardCharsets.UTF_8).strip());
    }

    /** Adds the accounts with their passwords, as {@code bin/operator add} would. */
    void addTo(OperatorAccounts accounts) throws IOException, SQLException {
        for (Operator account : ACCOUNTS) {
            accounts.save(account, password(account.name()).toCharArray());
        }
    }

    /** {@code bytes} random bytes, written with {@code encoder} to a file only its owner may read. */
    private void writeSecret(Path file, int bytes, Base64.Encoder encoder) throws IOException {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, encoder.encodeToString(random) + "\n", StandardCharsets.UTF_8);
    }
}
