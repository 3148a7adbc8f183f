package dev.orderlog.devservices.kurrentdb.grpc;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * A certificate authority and a node certificate for localhost signed by it, made at start with the JDK's keytool in a
 * directory of their own: {@code ca.pem} is what a client is given to trust ({@code tlsCaFile=}), and nothing else
 * leaves it. Valid for 30 days: long enough for any dev or test run, short enough not to be kept.
 */
public final class NodeCertificate {
    private static final String VALIDITY_DAYS = "30";

    private final Path directory;
    private final char[] password;

    private NodeCertificate(Path directory, char[] password) {
        this.directory = directory;
        this.password = password;
    }

    public static NodeCertificate generate() throws IOException {
        Path directory = Files.createTempDirectory("kurrentdb-embedded-tls");
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        NodeCertificate made = new NodeCertificate(directory, password.toCharArray());
        made.keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=Orderlog embedded KurrentDB CA",
                "-ext",
                "bc:c",
                "-validity",
                VALIDITY_DAYS,
                "-keystore",
                "ca.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                password);
        made.keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                password,
                "-file",
                "ca.pem");
        made.keytool(
                "-genkeypair",
                "-alias",
                "node",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-validity",
                VALIDITY_DAYS,
                "-keystore",
                "node.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                password);
        made.keytool(
                "-certreq", "-alias", "node", "-keystore", "node.p12", "-storepass", password, "-file", "node.csr");
        made.keytool(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                password,
                "-infile",
                "node.csr",
                "-outfile",
                "node.pem",
                "-validity",
                VALIDITY_DAYS,
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
                "-ext",
                "EKU=serverAuth");
        made.keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                "ca.pem",
                "-keystore",
                "node.p12",
                "-storepass",
                password);
        made.keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "node",
                "-file",
                "node.pem",
                "-keystore",
                "node.p12",
                "-storepass",
                password);
        return made;
    }

    /** The certificate of the authority that signed the node's, in PEM: the file clients trust. */
    public Path caFile() {
        return directory.resolve("ca.pem");
    }

    /** The server side of TLS for gRPC, presenting the node certificate and its chain. */
    public SslContext serverContext() throws IOException {
        try (InputStream in = Files.newInputStream(directory.resolve("node.p12"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return GrpcSslContexts.configure(SslContextBuilder.forServer(keys)).build();
        } catch (GeneralSecurityException unusable) {
            throw new IOException("The generated node certificate cannot be used", unusable);
        }
    }

    private void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IOException("keytool " + arguments[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the node certificate", interrupted);
        }
    }
}
