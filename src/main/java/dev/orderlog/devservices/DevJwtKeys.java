package dev.orderlog.devservices;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * The signing key pair of dev and test: made once per working copy (under {@code target/}, so a clean build makes a
 * new one) and kept across restarts, so a token printed by {@code bin/dev-token} stays valid while the service
 * restarts. Production configures its own verification key; nothing here runs there.
 */
public final class DevJwtKeys {
    public static final String ISSUER = "orderlog-dev";
    public static final String AUDIENCE = "orderlog";
    static final Path DEFAULT_DIRECTORY = Path.of("target", "orderlog-dev", "jwt");
    static final String VERIFY_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String VERIFY_ISSUER = "mp.jwt.verify.issuer";

    private final Path directory;

    private DevJwtKeys(Path directory) {
        this.directory = directory;
    }

    /** The key pair of this working copy, made if missing. */
    public static DevJwtKeys ofWorkingCopy() throws IOException {
        return in(DEFAULT_DIRECTORY);
    }

    /** Made under a file lock: two dev services starting together (a test JVM beside dev mode) must not each write half a pair. */
    public static synchronized DevJwtKeys in(Path directory) throws IOException {
        DevJwtKeys keys = new DevJwtKeys(directory.toAbsolutePath());
        Files.createDirectories(keys.directory);
        try (FileChannel lockFile = FileChannel.open(
                        keys.directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            if (!Files.exists(keys.privateKeyFile()) || !Files.exists(keys.publicKeyFile())) {
                keys.generate();
            }
        }
        return keys;
    }

    public Path publicKeyFile() {
        return directory.resolve("public.pem");
    }

    Path privateKeyFile() {
        return directory.resolve("private.pem");
    }

    public PrivateKey privateKey() throws IOException {
        String pem = Files.readString(privateKeyFile(), StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException unreadable) {
            throw new IOException("Unreadable dev signing key " + privateKeyFile(), unreadable);
        }
    }

    /** The settings that make the service verify tokens signed with this pair. */
    Map<String, String> verificationSettings() {
        return Map.of(VERIFY_KEY_LOCATION, publicKeyFile().toUri().toString(), VERIFY_ISSUER, ISSUER);
    }

    private void generate() throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
        write(privateKeyFile(), "PRIVATE KEY", pair.getPrivate().getEncoded());
        write(publicKeyFile(), "PUBLIC KEY", pair.getPublic().getEncoded());
        // A container running as another user (docker-compose.yml mounts it) must read the public key; the private one
        // stays ours.
        Files.setPosixFilePermissions(publicKeyFile(), PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void write(Path file, String label, byte[] der) throws IOException {
        String pem = "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + label + "-----\n";
        Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        Files.writeString(partial, pem, StandardCharsets.US_ASCII);
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException unsupported) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
