package dev.orderlog.devservices;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's accounts in dev and test: {@code operator} (admin) and {@code clerk} (warehouse, to see a non-admin
 * refused), each with a random password made once per working copy and kept in {@code target/orderlog-dev/console/}
 * (readable by its owner only), and the key the console's session cookies are encrypted with. The service gets only the
 * passwords' hashes. Production configures its own operators and key.
 */
public final class DevConsoleUsers {
    public static final String OPERATOR = "operator";
    public static final String CLERK = "clerk";
    /** Must match quarkus.security.users.embedded.realm-name: it is part of what is hashed. */
    static final String REALM = "orderlog-console";
    private static final Map<String, String> ROLES = Map.of(OPERATOR, "admin", CLERK, "warehouse");
    static final Path DEFAULT_DIRECTORY = Path.of("target", "orderlog-dev", "console");
    private static final String USERS = "quarkus.security.users.embedded.users.";
    private static final String USER_ROLES = "quarkus.security.users.embedded.roles.";
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
        try (FileChannel lockFile = FileChannel.open(users.directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            for (String user : ROLES.keySet()) {
                if (!Files.exists(users.passwordFile(user))) {
                    users.writeSecret(users.passwordFile(user), 24, Base64.getUrlEncoder().withoutPadding());
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
        return Map.of(SESSION_KEY, Files.readString(sessionKeyFile(), StandardCharsets.UTF_8).strip());
    }

    /** The users and roles the service is configured with: hashes, never the passwords. */
    Map<String, String> realmSettings() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> user : ROLES.entrySet()) {
            settings.put(USERS + user.getKey(), hash(user.getKey(), password(user.getKey())));
            settings.put(USER_ROLES + user.getKey(), user.getValue());
        }
        return settings;
    }

    /** What the embedded realm compares with: hex of SHA-512 over "user:realm:password". */
    static String hash(String user, String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest((user + ":" + REALM + ":" + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
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
